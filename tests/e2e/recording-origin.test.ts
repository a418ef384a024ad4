/**
 * Recording through the running origin: a stream with `record: true` is written to disk
 * while live; when it ends it is a VOD asset in the API whose HLS plays to ENDLIST and
 * lasts as long as the live session (within one segment); deleting it removes it.
 */
import { expect, test } from 'bun:test';
import HLS from 'hls-parser';
import { startTestOrigin, testConfig } from '../harness/test-origin.ts';
import { startTestPublisher } from '../harness/test-publisher.ts';
import { waitFor } from '../harness/wait-for.ts';

type MediaPlaylist = InstanceType<typeof HLS.types.MediaPlaylist>;

test('a recorded stream becomes a VOD asset that plays to the end and can be deleted', async () => {
  await using origin = await startTestOrigin(
    testConfig({ ingest: { reconnectGrace: '0s', silenceTimeout: '1s' } }),
  );
  const created = await origin.api('/api/v1/streams', {
    method: 'POST',
    json: { name: 'rec', record: true },
  });
  const stream = (await created.json()) as { id: string; udpPort: number; record: boolean };
  expect(stream.record).toBe(true);

  let liveSeconds = 0;
  {
    await using _encoder = startTestPublisher({
      output: ['-f', 'mpegts', `udp://127.0.0.1:${stream.udpPort}?pkt_size=1316`],
    });
    await waitFor(
      async () => {
        const res = await fetch(`${origin.url}/hls/rec/video.m3u8`);
        if (!res.ok) return false;
        const p = HLS.parse(await res.text()) as MediaPlaylist;
        return p.segments.filter((s) => s.uri).length >= 3;
      },
      30_000,
      'three live segments',
    );
  }
  const ended = await waitFor(
    async () => {
      const text = await (await fetch(`${origin.url}/hls/rec/video.m3u8`)).text();
      return text.includes('#EXT-X-ENDLIST') ? (HLS.parse(text) as MediaPlaylist) : undefined;
    },
    15_000,
    'the live stream to end',
  );
  liveSeconds = ended.segments.reduce((sum, s) => sum + s.duration, 0);

  const asset = await waitFor(
    async () => {
      const page = (await (await origin.api(`/api/v1/assets?streamId=${stream.id}`)).json()) as {
        items: {
          id: string;
          state: string;
          durationSeconds: number;
          playback: { hls: string; dash: string };
        }[];
      };
      const first = page.items[0];
      return first?.state === 'ready' ? first : undefined;
    },
    15_000,
    'a ready asset',
  );
  const multivariant = await fetch(asset.playback.hls);
  expect(multivariant.status).toBe(200);
  const vod = HLS.parse(
    await (await fetch(new URL('video.m3u8', asset.playback.hls))).text(),
  ) as MediaPlaylist;
  expect(vod.endlist).toBe(true);
  expect(vod.playlistType).toBe('VOD');
  const vodSeconds = vod.segments.reduce((sum, s) => sum + s.duration, 0);
  expect(Math.abs(vodSeconds - liveSeconds)).toBeLessThanOrEqual(2);
  expect(Math.abs(asset.durationSeconds - vodSeconds)).toBeLessThan(0.01);
  for (const segment of vod.segments)
    expect((await fetch(new URL(segment.uri, asset.playback.hls))).status).toBe(200);
  expect((await fetch(asset.playback.dash)).headers.get('content-type')).toContain('dash+xml');

  expect((await origin.api(`/api/v1/assets/${asset.id}`, { method: 'DELETE' })).status).toBe(204);
  expect((await fetch(asset.playback.hls)).status).toBe(404);
}, 90_000);
