import { expect, test } from 'bun:test';
import { startRedisServer } from '../harness/redis-server.ts';
import { startTestOrigin, testConfig } from '../harness/test-origin.ts';
import { waitFor } from '../harness/wait-for.ts';

test('/readyz reports Redis when configured, and turns 503 when it goes away', async () => {
  const redis = await startRedisServer();
  await using origin = await startTestOrigin(testConfig({ redis: { url: redis.url } }));
  const ready = (await (await fetch(`${origin.url}/readyz`)).json()) as Record<string, any>;
  expect(ready.checks.redis).toEqual({ ok: true, detail: 'PING PONG' });

  await redis.stop();
  const res = await waitFor(
    async () => {
      const r = await fetch(`${origin.url}/readyz`);
      return r.status === 503 ? r : undefined;
    },
    10_000,
    '/readyz to notice Redis is gone',
  );
  const body = (await res.json()) as Record<string, any>;
  expect(body.status).toBe('not ready');
  expect(body.checks.redis.ok).toBe(false);
  expect(body.checks.state.ok).toBe(true); // the other checks still say what is fine
});
