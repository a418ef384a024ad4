import { createClient } from 'redis';

function redisClient(url: string) {
  return createClient({
    url,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) },
  });
}

export type RedisConnection = ReturnType<typeof redisClient>;

/**
 * Connects to Redis when the deployment configures it. Reconnects on its own with
 * capped backoff; callers see errors (readiness turns red), the process never dies.
 */
export async function connectRedis(url: string, onError: (error: Error) => void): Promise<RedisConnection> {
  const client = redisClient(url);
  client.on('error', onError);
  await client.connect();
  return client;
}

export async function pingRedis(client: RedisConnection): Promise<string> {
  if (!client.isReady) throw new Error('not connected');
  return await client.ping();
}
