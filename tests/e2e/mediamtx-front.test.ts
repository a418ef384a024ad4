/**
 * MediaMTX in front of the origin, from the origin's side. MediaMTX itself cannot be
 * installed on these machines, so it is MOCKED: its HTTP calls are made here with the
 * bodies MediaMTX documents (authMethod: http → POST /auth with {user, password, ip,
 * action, path, protocol, id, query}; runOnReady/runOnNotReady → our hook's JSON), and
 * its read side is an ffmpeg RTMP server at the path MediaMTX would serve.
 */
import { expect, test } from 'bun:test';
import HLS from 'hls-parser';
import { startTestOrigin, testConfig } from '../harness/test-origin.ts';
import { startTestPublisher } from '../harness/test-publisher.ts';
import { waitFor } from '../harness/wait-for.ts';

async function freePort(): Promise<number> {
  const server = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const port = server.port;
  server.stop(true);
  return port;
}

test('publish auth asks the origin; a ready path is pulled and packaged; not-ready lets it go', async () => {
  const mediamtxPort = await freePort();
  await using origin = await startTestOrigin(
    testConfig({
      mediamtx: {
        enabled: true,
        pullUrl: `rtmp://127.0.0.1:${mediamtxPort}`,
        hookSecret: 'hook-secret-0123456789',
      },
      ingest: { reconnectGrace: '30s' },
    }),
  );
  const created = await origin.api('/api/v1/streams', { method: 'POST', json: { name: 'front' } });
  const stream = (await created.json()) as { id: string; streamKey: string };
  const auth = (path: string, action = 'publish') =>
    fetch(`${origin.url}/ingest/mediamtx/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        user: '',
        password: '',
        token: '',
        ip: '203.0.113.7',
        action,
        path,
        protocol: 'rtmp',
        id: null,
        query: '',
      }),
    });
  expect((await auth(`live/${stream.streamKey}`)).status).toBe(200);
  expect((await auth('live/sk_not_a_key_of_ours')).status).toBe(401);
  expect((await auth(`live/${stream.streamKey}`, 'read')).status).toBe(401); // viewers watch the origin

  const hook = (route: string, secret = 'hook-secret-0123456789') =>
    fetch(`${origin.url}/ingest/mediamtx/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tidewater-hook-secret': secret },
      body: JSON.stringify({ path: `live/${stream.streamKey}`, sourceType: 'rtmpConn', sourceId: 'abc' }),
    });
  expect((await hook('ready', 'wrong-secret')).status).toBe(401);

  // MediaMTX's read side for this path, played by ffmpeg.
  await using _mediamtx = startTestPublisher({
    output: ['-f', 'flv', '-listen', '1', `rtmp://127.0.0.1:${mediamtxPort}/live/${stream.streamKey}`],
  });
  expect((await hook('ready')).status).toBe(204);
  const playlist = await waitFor(
    async () => {
      const res = await fetch(`${origin.url}/hls/front/video.m3u8`);
      if (!res.ok) return undefined;
      const parsed = HLS.parse(await res.text()) as InstanceType<typeof HLS.types.MediaPlaylist>;
      return parsed.segments.length >= 1 ? parsed : undefined;
    },
    20_000,
    'a segment of the pulled path',
  );
  expect(playlist.segments.length).toBeGreaterThanOrEqual(1);
  const status = (await (await origin.api(`/api/v1/streams/${stream.id}/status`)).json()) as {
    ingest: { state: string; protocol: string; remoteAddress: string };
  };
  expect(status.ingest).toMatchObject({ state: 'live', protocol: 'pull' });
  expect(status.ingest.remoteAddress).not.toContain(stream.streamKey);

  expect((await hook('not-ready')).status).toBe(204);
  await waitFor(
    async () =>
      (
        (await (await origin.api(`/api/v1/streams/${stream.id}/status`)).json()) as {
          ingest: { state: string };
        }
      ).ingest.state === 'reconnecting',
    10_000,
    'the stream to wait for its publisher after not-ready',
  );
}, 60_000);
