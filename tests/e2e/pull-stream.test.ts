/**
 * A stream with a source URL: the origin pulls it (here from ffmpeg's RTMP server) and
 * packages it like a pushed stream; clearing the URL stops the pull.
 */
import { expect, test } from 'bun:test';
import { startTestOrigin, testConfig } from '../harness/test-origin.ts';
import { startTestPublisher } from '../harness/test-publisher.ts';
import { waitFor } from '../harness/wait-for.ts';

test('a stream pulls its source URL; clearing the URL lets the stream go', async () => {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  const sourceUrl = `rtmp://127.0.0.1:${port}/live/camera-1`;
  await using _camera = startTestPublisher({ output: ['-f', 'flv', '-listen', '1', sourceUrl] });
  await using origin = await startTestOrigin(testConfig({ ingest: { reconnectGrace: '0s' } }));

  expect(
    (
      await origin.api('/api/v1/streams', {
        method: 'POST',
        json: { name: 'bad', sourceUrl: 'file:///etc/passwd' },
      })
    ).status,
  ).toBe(400);
  const created = await origin.api('/api/v1/streams', {
    method: 'POST',
    json: { name: 'camera', sourceUrl },
  });
  expect(created.status).toBe(201);
  const stream = (await created.json()) as { id: string; sourceUrl: string };
  expect(stream.sourceUrl).toBe(sourceUrl);

  await waitFor(
    async () => (await fetch(`${origin.url}/hls/camera/video.m3u8`)).ok,
    20_000,
    'the pulled stream to be packaged',
  );
  const status = async () =>
    (
      (await (await origin.api(`/api/v1/streams/${stream.id}/status`)).json()) as {
        ingest: { state: string };
      }
    ).ingest;
  expect(await status()).toMatchObject({ state: 'live', protocol: 'pull' });

  const cleared = await origin.api(`/api/v1/streams/${stream.id}`, {
    method: 'PATCH',
    json: { sourceUrl: null },
  });
  expect(cleared.status).toBe(200);
  await waitFor(async () => (await status()).state === 'offline', 10_000, 'the pull to stop');
  // The packager finishes its FFmpeg, then closes the playlists with ENDLIST.
  await waitFor(
    async () =>
      (await (await fetch(`${origin.url}/hls/camera/video.m3u8`)).text()).includes('#EXT-X-ENDLIST'),
    10_000,
    'ENDLIST once the pull stopped',
  );
}, 60_000);
