/**
 * A ladder chosen through the API for a published stream: the origin reads the
 * publisher's picture size from its first bytes, caps every rung at it (never upscales)
 * and encodes the renditions in one FFmpeg; LL-HLS lists a variant per rendition.
 */
import { expect, test } from 'bun:test';
import HLS from 'hls-parser';
import { startTestOrigin } from '../harness/test-origin.ts';
import { startTestPublisher } from '../harness/test-publisher.ts';
import { waitFor } from '../harness/wait-for.ts';

test('a stream with a ladder: renditions sized to the source, none upscaled', async () => {
  await using origin = await startTestOrigin();
  expect(
    (
      await origin.api('/api/v1/streams', {
        method: 'POST',
        json: { name: 'bad', ladder: [{ shortSide: 10 }] },
      })
    ).status,
  ).toBe(400);
  const created = await origin.api('/api/v1/streams', {
    method: 'POST',
    json: {
      name: 'laddered',
      ladder: [
        { shortSide: 720, videoBitrateKbps: 2500 },
        { shortSide: 240, videoBitrateKbps: 400 },
      ],
      dvrWindowSeconds: 600,
    },
  });
  expect(created.status).toBe(201);
  const stream = (await created.json()) as {
    id: string;
    streamKey: string;
    ingest: { rtmp: string };
    dvrWindowSeconds: number;
  };
  expect(stream.dvrWindowSeconds).toBe(600);
  // A 640x360 publisher: the 720p rung is capped at 360p.
  await using _encoder = startTestPublisher({ output: ['-f', 'flv', stream.ingest.rtmp], size: '640x360' });
  const multivariant = await waitFor(
    async () => {
      const res = await fetch(`${origin.url}/hls/laddered/index.m3u8`);
      if (!res.ok) return undefined;
      const parsed = HLS.parse(await res.text()) as InstanceType<typeof HLS.types.MasterPlaylist>;
      return parsed.variants.length === 2 ? parsed : undefined;
    },
    30_000,
    'two variants',
  );
  expect(multivariant.variants.map((v) => v.resolution)).toEqual([
    { width: 640, height: 360 },
    { width: 426, height: 240 },
  ]);
  expect(multivariant.variants.map((v) => v.uri)).toEqual(['video-720p.m3u8', 'video-240p.m3u8']);
  await waitFor(
    async () =>
      (await (await fetch(`${origin.url}/hls/laddered/video-240p.m3u8`)).text()).includes('#EXTINF'),
    20_000,
    'a complete 240p segment',
  );
  const status = (await (await origin.api(`/api/v1/streams/${stream.id}/status`)).json()) as {
    media: { encoder: string; renditions: string[] };
  };
  expect(status.media).toMatchObject({ encoder: 'libx264', renditions: ['video-720p', 'video-240p'] });
}, 60_000);
