import { expect, test } from 'bun:test';
import type { AuthorizeResult } from '../../defs/ingest.ts';
import { hookSecretHeader } from './hook-secret.ts';
import { type MediamtxHookOptions, mediamtxHookApp } from './mediamtx-hook-app.ts';
import type { MediamtxPathEvent } from './path-event-body.ts';

/**
 * MediaMTX is mocked here because it cannot be installed or run on this machine. The
 * bodies are what mediamtx/mediamtx.yml's runOnReady / runOnNotReady curl commands post
 * after MediaMTX expands the documented hook variables (mediamtx.yml "Default path
 * settings -> Hooks": MTX_PATH, MTX_SOURCE_TYPE, MTX_SOURCE_ID, MTX_QUERY, RTSP_PORT;
 * source types from api/openapi.yaml PathSourceType). mediamtx/mediamtx-config.test.ts
 * runs the real curl command line against this app.
 */
const secret = 'hook-secret-0123456789abcdef';
const key = 'sk_ReadyKey1234567890abcd';
const sourceId = '2f1c8a2e-8d4e-4e55-9a57-1c0f6f7b3d10';

function setup(overrides: Partial<MediamtxHookOptions> = {}) {
  const ready: [string, MediamtxPathEvent][] = [];
  const notReady: [string, MediamtxPathEvent][] = [];
  const logs: string[] = [];
  const app = mediamtxHookApp({
    gate: { authorize: (): AuthorizeResult => ({ ok: false, status: 401, reason: 'unused' }) },
    onPathReady: (path, event) => void ready.push([path, event]),
    onPathNotReady: (path, event) => void notReady.push([path, event]),
    sharedSecret: secret,
    log: (level, message, fields) => logs.push(JSON.stringify({ level, message, fields })),
    ...overrides,
  });
  const post = (
    route: string,
    body: unknown,
    headers: Record<string, string> = { [hookSecretHeader]: secret },
  ) =>
    app.request(route, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { ready, notReady, logs, post };
}

const body = { path: `live/${key}`, sourceType: 'rtmpConn', sourceId };

test('/ready fires onPathReady with the path, the parsed key and the source; the log masks the key', async () => {
  const { ready, notReady, logs, post } = setup();
  const response = await post('/ready', body);
  expect(response.status).toBe(204);
  expect(ready).toEqual([[`live/${key}`, { streamKey: key, sourceType: 'rtmpConn', sourceId }]]);
  expect(notReady).toEqual([]);
  expect(logs.join()).not.toContain(key);
});

test('/not-ready fires onPathNotReady', async () => {
  const { ready, notReady, post } = setup();
  expect((await post('/not-ready', { ...body, sourceType: 'srtConn' })).status).toBe(204);
  expect(notReady).toEqual([[`live/${key}`, { streamKey: key, sourceType: 'srtConn', sourceId }]]);
  expect(ready).toEqual([]);
});

test('the shared secret is enforced: missing or wrong header is 401 and nothing fires', async () => {
  const { ready, notReady, post } = setup();
  expect((await post('/ready', body, {})).status).toBe(401);
  expect((await post('/ready', body, { [hookSecretHeader]: `${secret}x` })).status).toBe(401);
  expect((await post('/not-ready', body, { [hookSecretHeader]: '' })).status).toBe(401);
  expect(ready).toEqual([]);
  expect(notReady).toEqual([]);
});

test('without a configured secret the hooks need no header', async () => {
  const { ready, post } = setup({ sharedSecret: undefined });
  expect((await post('/ready', body, {})).status).toBe(204);
  expect(ready).toHaveLength(1);
});

test('an unexpanded variable (empty path), a path off live/<key>, or bad JSON is 400 and nothing fires', async () => {
  const { ready, post } = setup();
  for (const bad of [
    { ...body, path: '' },
    { ...body, path: 'cam1' },
    { ...body, path: `live/${key}/x` },
    '{"path":',
  ]) {
    const response = await post('/ready', bad);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  }
  expect(ready).toEqual([]);
});

test('a callback that throws is a 500 (curl -f fails, MediaMTX logs it) and an error log', async () => {
  const { post, logs } = setup({
    onPathReady: async () => {
      throw new Error('packager busy');
    },
  });
  expect((await post('/ready', body)).status).toBe(500);
  expect(logs.join()).toContain('packager busy');
});

test('the callback is awaited before the answer', async () => {
  let finished = false;
  const { post } = setup({
    onPathReady: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      finished = true;
    },
  });
  await post('/ready', body);
  expect(finished).toBe(true);
});
