import { waitFor } from './wait-for.ts';

/** A free TCP port on loopback, by asking the kernel for one. */
export function freePort(): number {
  const listener = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const port = listener.port;
  listener.stop(true);
  return port;
}

/** A real, throwaway redis-server on loopback (no persistence). */
export async function startRedisServer() {
  const port = freePort();
  const proc = Bun.spawn(
    ['redis-server', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdout: 'ignore',
      stderr: 'ignore',
    },
  );
  await waitFor(
    async () => {
      const ping = Bun.spawnSync(['redis-cli', '-p', String(port), 'ping']);
      return ping.stdout.toString().trim() === 'PONG';
    },
    10_000,
    'redis-server to answer PING',
  );
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      proc.kill('SIGKILL');
      await proc.exited;
    },
  };
}
