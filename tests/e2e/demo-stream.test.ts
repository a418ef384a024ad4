import { expect, test } from 'bun:test';
import HLS from 'hls-parser';
import { startTestOrigin, testConfig } from '../harness/test-origin.ts';
import { waitFor } from '../harness/wait-for.ts';

test('the origin starts a demo stream: listed in the API, playable LL-HLS, measured in /metrics', async () => {
  await using origin = await startTestOrigin(
    testConfig({ demo: { enabled: true }, media: { thumbnailInterval: '1s' } }),
  );
  expect(origin.demo?.hls).toBe(`${origin.url}/hls/demo/index.m3u8`);

  const multivariant = await waitFor(
    async () => {
      const res = await fetch(origin.demo?.hls as string);
      return res.status === 200 ? await res.text() : undefined;
    },
    20_000,
    'the demo multivariant playlist',
  );
  const parsed = HLS.parse(multivariant) as HLS.types.MasterPlaylist;
  const variant = parsed.variants[0] as HLS.types.Variant;
  expect(variant.codecs).toMatch(/^avc1\.64[0-9a-f]{4},mp4a\.40\.2$/);
  expect(variant.resolution).toEqual({ width: 1280, height: 720 });
  expect(variant.bandwidth).toBeGreaterThan(100_000);
  expect(variant.audio[0]?.uri).toBe('audio.m3u8');

  // The demo is a stream like any other in the operator API.
  const list = (await (await origin.api('/api/v1/streams?name=demo')).json()) as {
    items: { name: string; playback: { hls: string } }[];
  };
  expect(list.items[0]?.playback.hls).toBe(origin.demo?.hls);

  await waitFor(
    async () => {
      const playlist = await (await fetch(`${origin.url}/hls/demo/video.m3u8`)).text();
      return /#EXTINF/.test(playlist);
    },
    20_000,
    'a complete demo segment',
  );
  // A preview image from the newest keyframe, 180 px high, 16:9 like the demo.
  const thumbnail = await waitFor(
    async () => {
      const res = await fetch(`${origin.url}/thumbnails/demo.jpg`);
      return res.ok ? res : undefined;
    },
    10_000,
    'the demo thumbnail',
  );
  expect(thumbnail.headers.get('content-type')).toBe('image/jpeg');
  const jpeg = new Uint8Array(await thumbnail.arrayBuffer());
  const size = Bun.spawnSync(
    [
      'ffprobe',
      '-v',
      'error',
      '-show_entries',
      'stream=width,height',
      '-of',
      'csv=p=0',
      '-f',
      'image2pipe',
      '-',
    ],
    { stdin: jpeg },
  );
  expect(size.stdout.toString().trim()).toBe('320,180');
  expect((await fetch(`${origin.url}/thumbnails/nothing.jpg`)).status).toBe(404);

  const metrics = await (await fetch(`${origin.url}/metrics`)).text();
  expect(Number(/tidewater_stream_parts_produced\{stream="demo"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(
    10,
  );
  expect(
    Number(/tidewater_stream_frames_per_second\{stream="demo"\} ([\d.]+)/.exec(metrics)?.[1]),
  ).toBeCloseTo(30, 1);
  expect(
    Number(
      /tidewater_stream_bitrate_bits_per_second\{stream="demo",track="video"\} (\d+)/.exec(metrics)?.[1],
    ),
  ).toBeGreaterThan(100_000);
  expect(metrics).toMatch(/tidewater_part_publish_delay_seconds_count\{track="video"\} [1-9]/);
  expect(
    Number(/tidewater_stream_media_bytes_held\{stream="demo",track="video"\} (\d+)/.exec(metrics)?.[1]),
  ).toBeGreaterThan(0);

  const landing = await (await fetch(`${origin.url}/`)).text();
  expect(landing).toContain('/hls/demo/index.m3u8');
}, 60_000);

test('turning the demo off starts no stream', async () => {
  await using origin = await startTestOrigin(testConfig({ demo: { enabled: false } }));
  expect(origin.demo).toBeUndefined();
  expect((await fetch(`${origin.url}/hls/demo/index.m3u8`)).status).toBe(404);
});
