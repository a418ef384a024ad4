import { afterEach, expect, test } from 'bun:test';
import type { Server } from 'bun';
import { ConfigError } from '../../defs/errors.ts';
import { kickProtocolForSource, MediamtxApiError, MediamtxControlClient } from './control-api-client.ts';

/**
 * MediaMTX is mocked here because it cannot be installed or run on this machine: a fake
 * Control API on a real socket (Bun.serve, port 0) answers with the documented v3 JSON
 * (bluenviron/mediamtx api/openapi.yaml: PathList {pageCount, itemCount, items}, Path
 * {name, confName, source {type, id}, ready, readyTime, tracks, bytesReceived, bytesSent,
 * readers}, Error {status: "error", error}, OK {status: "ok"}; paging with itemsPerPage and
 * a 0-based page, pageCount = ceil(itemCount / itemsPerPage) as in internal/api/paginate.go;
 * kicks are POST /v3/rtmpconns/kick/{id}, /v3/srtconns/kick/{id}, /v3/rtspsessions/kick/{id},
 * /v3/webrtcsessions/kick/{id}).
 */
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function documentedPath(name: string, n: number) {
  return {
    name,
    confName: '~^live/[A-Za-z0-9._~-]+$',
    source: { type: 'rtmpConn', id: uuid(n) },
    ready: true,
    readyTime: '2025-01-02T03:04:05.678Z',
    tracks: ['H264', 'MPEG-4 Audio'],
    bytesReceived: 1000 * n,
    bytesSent: 10 * n,
    readers: [{ type: 'rtspSession', id: uuid(100 + n) }],
  };
}

let server: Server<unknown> | undefined;
afterEach(() => {
  server?.stop(true);
  server = undefined;
});

interface Seen {
  method: string;
  path: string;
  search: string;
  authorization: string | null;
}

function fakeMediamtx(handle: (url: URL, request: Request) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch(request) {
      const url = new URL(request.url);
      seen.push({
        method: request.method,
        path: url.pathname,
        search: url.search,
        authorization: request.headers.get('authorization'),
      });
      return handle(url, request);
    },
  });
  return { seen, baseUrl: `http://127.0.0.1:${server.port}` };
}

/** The paging MediaMTX does (internal/api/paginate.go). */
function paginated(items: unknown[], url: URL) {
  const perPage = Number(url.searchParams.get('itemsPerPage') ?? 100);
  const page = Number(url.searchParams.get('page') ?? 0);
  const pageCount = Math.ceil(items.length / perPage);
  return Response.json({
    pageCount,
    itemCount: items.length,
    items: items.slice(page * perPage, (page + 1) * perPage),
  });
}

const apiError = (status: number, error: string) => Response.json({ status: 'error', error }, { status });

test('listPaths follows the pages (itemsPerPage, 0-based page) and returns every path once', async () => {
  const paths = [documentedPath('live/a', 1), documentedPath('live/b', 2), documentedPath('live/c', 3)];
  const { seen, baseUrl } = fakeMediamtx((url) => paginated(paths, url));
  const client = new MediamtxControlClient({ baseUrl, itemsPerPage: 2 });
  const listed = await client.listPaths();
  expect(seen.map((s) => `${s.method} ${s.path}${s.search}`)).toEqual([
    'GET /v3/paths/list?itemsPerPage=2&page=0',
    'GET /v3/paths/list?itemsPerPage=2&page=1',
  ]);
  expect(listed.map((p) => p.name)).toEqual(['live/a', 'live/b', 'live/c']);
  expect(listed[1]).toEqual({
    name: 'live/b',
    confName: '~^live/[A-Za-z0-9._~-]+$',
    source: { type: 'rtmpConn', id: uuid(2) },
    ready: true,
    readyTime: '2025-01-02T03:04:05.678Z',
    tracks: ['H264', 'MPEG-4 Audio'],
    bytesReceived: 2000,
    bytesSent: 20,
    readers: [{ type: 'rtspSession', id: uuid(102) }],
  });
});

test('an empty list (pageCount 0) is one request and no paths', async () => {
  const { seen, baseUrl } = fakeMediamtx((url) => paginated([], url));
  expect(await new MediamtxControlClient({ baseUrl }).listPaths()).toEqual([]);
  expect(seen).toHaveLength(1);
});

test('newer releases spelling (available, inboundBytes, tracks2, source null) parse to the same shape', async () => {
  const newer = {
    name: 'live/idle',
    confName: 'all_others',
    source: null,
    available: false,
    availableTime: null,
    online: false,
    tracks2: [{ codec: 'H264', codecProps: { width: 1280 } }],
    inboundBytes: 5,
    outboundBytes: 6,
    readers: [],
    somethingNew: { nested: true },
  };
  const { baseUrl } = fakeMediamtx(() => Response.json(newer));
  expect(await new MediamtxControlClient({ baseUrl }).getPath('live/idle')).toEqual({
    name: 'live/idle',
    confName: 'all_others',
    source: null,
    ready: false,
    readyTime: null,
    tracks: ['H264'],
    bytesReceived: 5,
    bytesSent: 6,
    readers: [],
  });
});

test('getPath asks /v3/paths/get/<name> with the slash kept, and sends basic auth when set', async () => {
  const { seen, baseUrl } = fakeMediamtx(() => Response.json(documentedPath('live/sk_abc', 1)));
  const client = new MediamtxControlClient({ baseUrl: `${baseUrl}/`, user: 'tidewater', password: 'pw' });
  const path = await client.getPath('live/sk_abc');
  expect(path.source).toEqual({ type: 'rtmpConn', id: uuid(1) });
  expect(seen[0]).toEqual({
    method: 'GET',
    path: '/v3/paths/get/live/sk_abc',
    search: '',
    authorization: `Basic ${btoa('tidewater:pw')}`,
  });
});

test('kick posts to the documented route of each protocol', async () => {
  const { seen, baseUrl } = fakeMediamtx(() => Response.json({ status: 'ok' }));
  const client = new MediamtxControlClient({ baseUrl });
  await client.kick('rtmp', uuid(1));
  await client.kick('srt', uuid(2));
  await client.kick('rtsp', uuid(3));
  await client.kick('webrtc', uuid(4));
  expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
    `POST /v3/rtmpconns/kick/${uuid(1)}`,
    `POST /v3/srtconns/kick/${uuid(2)}`,
    `POST /v3/rtspsessions/kick/${uuid(3)}`,
    `POST /v3/webrtcsessions/kick/${uuid(4)}`,
  ]);
  await expect(client.kick('rtmp', '../paths/list')).rejects.toThrow(/must be a UUID/);
});

test('kickPublisher finds the source of a path and kicks it on its protocol; newer routes can be set', async () => {
  const { seen, baseUrl } = fakeMediamtx((url) =>
    url.pathname.startsWith('/v3/paths/get/')
      ? Response.json({ ...documentedPath('live/k', 1), source: { type: 'srtConn', id: uuid(9) } })
      : Response.json({ status: 'ok' }),
  );
  const client = new MediamtxControlClient({ baseUrl, kickRoutes: { srt: '/v3/srt/conns/kick/' } });
  expect(await client.kickPublisher('live/k')).toBe(true);
  expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
    'GET /v3/paths/get/live/k',
    `POST /v3/srt/conns/kick/${uuid(9)}`,
  ]);
  expect(kickProtocolForSource('webRTCSession')).toBe('webrtc');
  expect(kickProtocolForSource('hlsSource')).toBeUndefined();
  expect(kickProtocolForSource('toString')).toBeUndefined();
});

async function failure(promise: Promise<unknown>): Promise<MediamtxApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MediamtxApiError) return error;
    throw error;
  }
  throw new Error('expected a MediamtxApiError');
}

test('404 and 500 are errors carrying the status and MediaMTX error text; path keys are masked', async () => {
  const key = 'sk_SecretKey1234567890xyz';
  const { baseUrl } = fakeMediamtx((url) =>
    url.pathname.startsWith('/v3/paths/get/')
      ? apiError(404, `path 'live/${key}' not found`)
      : apiError(500, 'terminated'),
  );
  const client = new MediamtxControlClient({ baseUrl });
  const notFound = await failure(client.getPath(`live/${key}`));
  expect(notFound.status).toBe(404);
  expect(notFound.message).toBe(
    "MediaMTX API GET /v3/paths/get/live/sk_S****yz: HTTP 404: path 'live/sk_S****yz' not found",
  );
  const serverError = await failure(client.listPaths());
  expect(serverError.status).toBe(500);
  expect(serverError.message).toBe('MediaMTX API GET /v3/paths/list: HTTP 500: terminated');
  const kickGone = await failure(client.kick('rtmp', uuid(1)));
  expect(kickGone.status).toBe(500);
});

test('an answer that is not JSON, or not the documented shape, is a clear error', async () => {
  const { baseUrl } = fakeMediamtx((url) =>
    url.pathname === '/v3/paths/list'
      ? new Response('<html>proxy error</html>', { status: 200 })
      : Response.json({ name: 'live/x', ready: 'yes' }),
  );
  const client = new MediamtxControlClient({ baseUrl });
  expect((await failure(client.listPaths())).message).toBe(
    'MediaMTX API GET /v3/paths/list: answer is not JSON: "<html>proxy error</html>"',
  );
  expect((await failure(client.getPath('live/x'))).message).toMatch(/unexpected answer: ready: /);
});

test('no answer within the timeout is an error, not a hang', async () => {
  const { baseUrl } = fakeMediamtx(() => new Promise<Response>(() => {}));
  const client = new MediamtxControlClient({ baseUrl, timeoutMs: 200 });
  const started = performance.now();
  const error = await failure(client.listPaths());
  expect(error.message).toBe('MediaMTX API GET /v3/paths/list: no answer within 200 ms');
  expect(error.status).toBe(0);
  expect(performance.now() - started).toBeLessThan(10_000);
});

test('a refused connection is an error with status 0', async () => {
  const { baseUrl } = fakeMediamtx(() => new Response('unused'));
  server?.stop(true);
  const error = await failure(new MediamtxControlClient({ baseUrl }).kick('srt', uuid(1)));
  expect(error.status).toBe(0);
  expect(error.message).toStartWith(`MediaMTX API POST /v3/srtconns/kick/${uuid(1)}: request failed:`);
});

test('a base URL or page size that cannot work is a ConfigError at construction', () => {
  expect(() => new MediamtxControlClient({ baseUrl: 'mediamtx:9997' })).toThrow(ConfigError);
  expect(() => new MediamtxControlClient({ baseUrl: 'not a url' })).toThrow(/http\(s\) URL/);
  expect(() => new MediamtxControlClient({ baseUrl: 'http://m:9997', itemsPerPage: 0 })).toThrow(ConfigError);
});
