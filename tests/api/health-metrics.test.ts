import { afterAll, beforeAll, expect, test } from 'bun:test';
import { startTestOrigin, type TestOrigin } from '../harness/test-origin.ts';

let origin: TestOrigin;
beforeAll(async () => {
  origin = await startTestOrigin();
});
afterAll(() => origin[Symbol.asyncDispose]());

test('/healthz says alive without a key', async () => {
  const res = await fetch(`${origin.url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'alive' });
});

test('/readyz checks the state store and ffmpeg, with detail', async () => {
  const res = await fetch(`${origin.url}/readyz`);
  const body = (await res.json()) as {
    status: string;
    checks: Record<string, { ok: boolean; detail: string }>;
  };
  expect(res.status).toBe(200);
  expect(body.status).toBe('ready');
  expect(body.checks.state?.ok).toBe(true);
  expect(body.checks.ffmpeg?.ok).toBe(true);
  expect(body.checks.ffmpeg?.detail).toMatch(/\d+\.\d+/);
  expect(body.checks.redis).toBeUndefined();
});

test('/metrics counts requests by route pattern and status, with latency buckets', async () => {
  await origin.api('/api/v1/streams');
  await origin.api('/api/v1/streams/str_AAAAAAAAAAAA');
  await origin.api('/api/v1/streams', { key: null });
  const res = await fetch(`${origin.url}/metrics`);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const text = await res.text();
  expect(text).toMatch(
    /tidewater_http_requests_total\{method="GET",route="\/api\/v1\/streams",status="200"\} [1-9]/,
  );
  expect(text).toMatch(
    /tidewater_http_requests_total\{method="GET",route="\/api\/v1\/streams\/:id",status="404"\} 1/,
  );
  expect(text).toMatch(
    /tidewater_http_requests_total\{method="GET",route="\/api\/v1\/streams",status="401"\} 1/,
  );
  expect(text).toContain('tidewater_http_request_duration_seconds_bucket{le="0.005"');
  expect(text).toContain('tidewater_process_resident_memory_bytes');
  // Raw ids never become label values (bounded cardinality, and no secrets in metrics).
  expect(text).not.toContain('str_AAAAAAAAAAAA');
});

test('every response carries a request id', async () => {
  const res = await fetch(`${origin.url}/healthz`);
  expect(res.headers.get('x-request-id')).toBeString();
});

test('start-up stops with a clear error when the configured Redis is unreachable', async () => {
  const { startTestOrigin: start, testConfig } = await import('../harness/test-origin.ts');
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  await expect(start(testConfig({ redis: { url: 'redis://127.0.0.1:1' } }))).rejects.toThrow(
    /cannot reach Redis at redis.url/,
  );
});
