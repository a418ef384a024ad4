import { expect, test } from 'bun:test';
import type { CheckResult } from '../../origin/health/readiness.ts';
import { startRedisServer } from '../harness/redis-server.ts';
import { startTestOrigin, testConfig } from '../harness/test-origin.ts';
import { waitFor } from '../harness/wait-for.ts';

/** What `/readyz` answers (origin/http-app.ts): the verdict and every check's result. */
interface ReadinessBody {
  status: 'ready' | 'not ready';
  checks: Record<string, CheckResult>;
}

test('/readyz reports Redis when configured, and turns 503 when it goes away', async () => {
  const redis = await startRedisServer();
  await using origin = await startTestOrigin(testConfig({ redis: { url: redis.url } }));
  const ready = (await (await fetch(`${origin.url}/readyz`)).json()) as ReadinessBody;
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
  const body = (await res.json()) as ReadinessBody;
  expect(body.status).toBe('not ready');
  expect(body.checks.redis?.ok).toBe(false);
  expect(body.checks.state?.ok).toBe(true); // the other checks still say what is fine
});
