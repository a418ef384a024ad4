/**
 * DVR: with media.dvrWindow the playlist window covers the timeshift window; only the
 * newest segments stay in memory, older ones are written to disk and served from there
 * byte for byte; the window bound holds, and the files go when the stream does.
 */
import { expect, test } from 'bun:test';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import HLS from 'hls-parser';
import { startTestOrigin, testConfig } from '../harness/test-origin.ts';
import { startTestPublisher } from '../harness/test-publisher.ts';
import { waitFor } from '../harness/wait-for.ts';

type MediaPlaylist = InstanceType<typeof HLS.types.MediaPlaylist>;

test('a DVR window longer than memory: old segments come from disk, unchanged, within the bound', async () => {
  await using origin = await startTestOrigin(
    testConfig({ media: { dvrWindow: '12s', dvrMemorySegments: 2 }, ingest: { reconnectGrace: '0s' } }),
  );
  const created = await origin.api('/api/v1/streams', {
    method: 'POST',
    json: { name: 'timeshift', segmentTargetSeconds: 1 },
  });
  const stream = (await created.json()) as { udpPort: number };
  const playlist = async () =>
    HLS.parse(await (await fetch(`${origin.url}/hls/timeshift/video.m3u8`)).text()) as MediaPlaylist;
  const segmentUrl = (uri: string) => `${origin.url}/hls/timeshift/${uri}`;

  await using encoder = startTestPublisher({
    output: ['-f', 'mpegts', `udp://127.0.0.1:${stream.udpPort}?pkt_size=1316`],
    keyframeSeconds: 1,
  });
  // The first segment, fetched while it is still in memory.
  const early = await waitFor(
    async () => {
      const res = await fetch(`${origin.url}/hls/timeshift/video.m3u8`);
      if (!res.ok) return undefined;
      const first = (HLS.parse(await res.text()) as MediaPlaylist).segments.find((s) => s.uri);
      return first;
    },
    20_000,
    'a first segment',
  );
  const firstBytes = await (await fetch(segmentUrl(early.uri))).bytes();

  // 12 s window of 1 s segments: more than the 6 kept in memory (the live window's size).
  const grown = await waitFor(
    async () => {
      const p = await playlist();
      return p.segments.filter((s) => s.uri).length >= 11 ? p : undefined;
    },
    30_000,
    'the DVR window to fill',
  );
  expect(grown.segments[0]?.mediaSequenceNumber).toBe(early.mediaSequenceNumber);
  const dvrDir = join(origin.config.storage.dataDir, 'dvr', 'timeshift');
  const spilled = readdirSync(dvrDir, { recursive: true }).filter((f) => String(f).endsWith('.m4s'));
  expect(spilled.length).toBeGreaterThan(2);
  // The oldest segment now comes from disk, byte for byte what was served from memory.
  const again = await (await fetch(segmentUrl(early.uri))).bytes();
  expect(again.length).toBe(firstBytes.length);
  expect(Bun.hash(again)).toBe(Bun.hash(firstBytes));

  // The bound: the window never exceeds 12 s of segments, and memory holds far less than it.
  await Bun.sleep(3000);
  const later = await playlist();
  expect(later.segments.filter((s) => s.uri).length).toBeLessThanOrEqual(13);
  const metrics = await (await fetch(`${origin.url}/metrics`)).text();
  const held = Number(
    /tidewater_stream_media_bytes_held\{stream="timeshift",track="video"\} (\d+)/.exec(metrics)?.[1],
  );
  const listedBytes = await Promise.all(
    later.segments
      .filter((s) => s.uri)
      .map(async (s) => (await (await fetch(segmentUrl(s.uri))).bytes()).length),
  );
  expect(held).toBeLessThan(listedBytes.reduce((a, b) => a + b, 0) * 0.8);

  encoder.kill();
  // Gone after the stream ended and its final playlists were retired... at shutdown at the latest.
  await origin.close();
  expect(existsSync(dvrDir) && readdirSync(dvrDir).length > 0).toBe(false);
}, 90_000);
