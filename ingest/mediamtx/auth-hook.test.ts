import { expect, test } from 'bun:test';
import { ConfigError } from '../../defs/errors.ts';
import type { AuthorizeResult, PublishRequest } from '../../defs/ingest.ts';
import { type MediamtxHookOptions, mediamtxHookApp } from './mediamtx-hook-app.ts';

/**
 * MediaMTX is mocked here because it cannot be installed or run on this machine: each
 * request carries the body MediaMTX documents for `authMethod: http` (mediamtx.yml comment
 * above `authHTTPAddress`; docs "Authentication > External HTTP server"):
 *   {"user","password","token","ip","action":"publish|read|playback|api|metrics|pprof",
 *    "path","protocol":"rtsp|rtmp|hls|webrtc|srt","id","query"}
 * with `id` a UUID or null and `ip` without a port (internal/auth/manager.go marshals
 * `req.IP.String()` and `*uuid.UUID`). MediaMTX accepts any 2xx and denies anything else.
 */
const goodKey = 'sk_GoodKey1234567890abcdef';

class FakeGate {
  readonly requests: PublishRequest[] = [];
  authorize(request: PublishRequest): AuthorizeResult {
    this.requests.push(request);
    if (request.streamKey === goodKey)
      return { ok: true, stream: { streamId: 's1', streamName: 'Main', srtLatencyMs: 120 } };
    return { ok: false, status: 401, reason: 'unknown stream key' };
  }
}

function setup(overrides: Partial<MediamtxHookOptions> = {}) {
  const gate = new FakeGate();
  const logs: unknown[] = [];
  const app = mediamtxHookApp({
    gate,
    onPathReady: () => {},
    onPathNotReady: () => {},
    log: (level, message, fields) => logs.push({ level, message, fields }),
    ...overrides,
  });
  const auth = (body: unknown) =>
    app.request('/auth', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { app, gate, logs, auth };
}

/** A body exactly as MediaMTX sends it, fields in its order. */
function mediamtxBody(fields: Partial<Record<string, unknown>>) {
  return {
    user: '',
    password: '',
    token: '',
    ip: '203.0.113.7',
    action: 'publish',
    path: `live/${goodKey}`,
    protocol: 'rtmp',
    id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    query: '',
    ...fields,
  };
}

test('publish with a key the gate accepts is 200, and the gate sees protocol mediamtx, the key and the ip', async () => {
  const { gate, auth, logs } = setup();
  const response = await auth(mediamtxBody({}));
  expect(response.status).toBe(200);
  expect(gate.requests).toEqual([{ protocol: 'mediamtx', streamKey: goodKey, remoteAddress: '203.0.113.7' }]);
  expect(JSON.stringify(logs)).not.toContain(goodKey);
});

test('publish over SRT and RTSP use the same path convention (streamid publish:live/<key>)', async () => {
  const { auth } = setup();
  for (const protocol of ['srt', 'rtsp'])
    expect((await auth(mediamtxBody({ protocol, user: 'any', password: 'x' }))).status).toBe(200);
});

test('publish with a key the gate refuses is 401 problem JSON; neither body nor log shows the key', async () => {
  const { auth, logs } = setup();
  const badKey = 'sk_WrongKey0987654321zyxw';
  const response = await auth(mediamtxBody({ path: `live/${badKey}` }));
  expect(response.status).toBe(401);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const text = await response.text();
  expect(JSON.parse(text)).toMatchObject({ status: 401, detail: 'Refused publish: unknown stream key.' });
  expect(text).not.toContain(badKey);
  expect(logs).toHaveLength(1);
  expect(JSON.stringify(logs)).not.toContain(badKey);
  expect(JSON.stringify(logs)).toContain('live/sk_W****xw');
});

test('publish to a path off the live/<key> convention is refused without asking the gate', async () => {
  const { auth, gate } = setup();
  for (const path of [goodKey, `other/${goodKey}`, `live/${goodKey}/extra`, 'live/', ''])
    expect((await auth(mediamtxBody({ path }))).status).toBe(401);
  expect(gate.requests).toEqual([]);
});

test('a configured prefix replaces live/', async () => {
  const { auth } = setup({ pathPrefix: 'ingest/v1' });
  expect((await auth(mediamtxBody({ path: `ingest/v1/${goodKey}` }))).status).toBe(200);
  expect((await auth(mediamtxBody({}))).status).toBe(401);
});

test('reads from loopback (the origin pulling) are 200; reads and playback from elsewhere are 401', async () => {
  const { auth, gate } = setup();
  const read = (ip: string, action = 'read', protocol = 'rtsp') =>
    auth(mediamtxBody({ action, ip, protocol }));
  expect((await read('127.0.0.1')).status).toBe(200);
  expect((await read('::1')).status).toBe(200);
  expect((await read('198.51.100.4')).status).toBe(401);
  expect((await read('198.51.100.4', 'read', 'hls')).status).toBe(401);
  expect((await read('198.51.100.4', 'playback')).status).toBe(401);
  expect(gate.requests).toEqual([]);
});

test('API calls are answered like reads: the origin may, others may not (id is null without a session)', async () => {
  const { auth } = setup({ trustedReaders: ['10.1.0.0/16'] });
  const api = (ip: string) => auth(mediamtxBody({ action: 'api', ip, path: '', protocol: '', id: null }));
  expect((await api('10.1.200.3')).status).toBe(200);
  expect((await api('127.0.0.1')).status).toBe(401); // the list replaces the loopback default
  expect((await api('10.2.0.1')).status).toBe(401);
});

test('a reader password lets the origin read from an address not on the list', async () => {
  const { auth } = setup({ readerPassword: 'pull-secret-0123456789' });
  const read = (password: string) =>
    auth(mediamtxBody({ action: 'read', ip: '172.18.0.5', user: 'tidewater', password }));
  expect((await read('pull-secret-0123456789')).status).toBe(200);
  expect((await read('pull-secret-012345678')).status).toBe(401);
  expect((await read('')).status).toBe(401);
});

test('bodies from older releases (no token, no id) are accepted; extra fields are ignored', async () => {
  const { auth } = setup();
  const { token: _token, id: _id, ...older } = mediamtxBody({});
  expect((await auth(older)).status).toBe(200);
  expect((await auth({ ...mediamtxBody({}), someFutureField: 1 })).status).toBe(200);
});

test('malformed bodies are 400 problem JSON naming the field; the gate is not asked', async () => {
  const { auth, gate } = setup();
  const cases: [unknown, string][] = [
    ['{not json', 'body'],
    ['[]', 'body'],
    [mediamtxBody({ action: 'delete' }), 'body.action'],
    [mediamtxBody({ action: undefined }), 'body.action'],
    [mediamtxBody({ ip: '203.0.113.7:5000' }), 'body.ip'],
    [mediamtxBody({ path: 42 }), 'body.path'],
  ];
  for (const [body, field] of cases) {
    const response = await auth(body);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toContain(field);
  }
  expect(gate.requests).toEqual([]);
});

test('an oversized body is 413, not parsed', async () => {
  const { auth } = setup();
  const response = await auth(mediamtxBody({ token: 'x'.repeat(70_000) }));
  expect(response.status).toBe(413);
});

test('a gate that throws is a 500 (MediaMTX denies) and an error log, not a crash', async () => {
  const { auth, logs } = setup({
    gate: {
      authorize: () => {
        throw new Error('store offline');
      },
    },
  });
  const response = await auth(mediamtxBody({}));
  expect(response.status).toBe(500);
  expect(JSON.stringify(logs)).toContain('store offline');
});

test('bad options stop start-up with a clear ConfigError', () => {
  expect(() => setup({ trustedReaders: ['10.0.0.0/33'] })).toThrow(ConfigError);
  expect(() => setup({ trustedReaders: ['origin'] })).toThrow(/IP address or a CIDR/);
  expect(() => setup({ pathPrefix: '/live/' })).toThrow(ConfigError);
  expect(() => setup({ sharedSecret: 'short' })).toThrow(ConfigError);
});
