import { createClient } from 'redis';

function redisClient(url: string) {
  let connectedOnce = false;
  const client = createClient({
    url,
    socket: {
      connectTimeout: 2000,
      // Fail fast at start-up (a misconfigured URL should stop the node); once it has
      // worked, ride out outages with capped backoff while /readyz reports them.
      reconnectStrategy: (retries, cause) =>
        connectedOnce ? Math.min(100 * 2 ** retries, 5000) : new Error(`cannot connect: ${cause.message}`),
    },
  });
  client.on('ready', () => {
    connectedOnce = true;
  });
  return client;
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
