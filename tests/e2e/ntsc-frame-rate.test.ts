/**
 * A 29.97 fps publisher (NTSC rates are what broadcast encoders send): a frame lasts
 * 33.37 ms, so parts of a 0.2 s target cannot be cut at exactly 0.2 s. The playlists must
 * still obey the LL-HLS part rules against the PART-TARGET they advertise, and the media
 * timeline must not drift from the wall clock.
 */
import { expect, test } from 'bun:test';
import HLS from 'hls-parser';
import { startTestOrigin } from '../harness/test-origin.ts';
import { startTestPublisher } from '../harness/test-publisher.ts';
import { waitFor } from '../harness/wait-for.ts';

test('29.97 fps: parts within PART-TARGET and at least 85 % of it, segments within the target, no drift', async () => {
  await using origin = await startTestOrigin();
  const created = await origin.api('/api/v1/streams', { method: 'POST', json: { name: 'ntsc' } });
  const stream = (await created.json()) as { udpPort: number };
  await using _publisher = startTestPublisher({
    output: ['-f', 'mpegts', `udp://127.0.0.1:${stream.udpPort}?pkt_size=1316`],
    frameRate: 30000 / 1001,
    keyframeSeconds: 2,
  });
  const playlist = async () => {
    const response = await origin.api('/hls/ntsc/video.m3u8');
    if (response.status !== 200) return undefined;
    return HLS.parse(await response.text()) as HLS.types.MediaPlaylist;
  };
  const first = await waitFor(
    async () => {
      const p = await playlist();
      const withParts = p?.segments.filter((s) => s.uri && s.parts?.length) ?? [];
      return p && withParts.length >= 2 ? p : undefined;
    },
    40_000,
    'three complete segments',
  );
  const partTarget = first.partTargetDuration as number;
  expect(partTarget).toBeGreaterThan(0);
  for (const segment of first.segments.filter((s) => s.uri)) {
    expect(Math.round(segment.duration)).toBeLessThanOrEqual(first.targetDuration);
    // a segment holds whole GOPs: 60 frames of 1001/30000 s
    expect(segment.duration).toBeCloseTo((60 * 1001) / 30000, 2);
    // (older segments are listed without their parts)
    const parts = segment.parts ?? [];
    if (parts.length) expect(parts[0]?.independent).toBe(true);
    parts.forEach((part, i) => {
      expect(part.duration).toBeLessThanOrEqual(partTarget + 1e-6);
      if (i < parts.length - 1) expect(part.duration).toBeGreaterThanOrEqual(0.85 * partTarget);
    });
  }

  // Ten seconds later the live edge moved as far as the wall clock did (no drift from
  // rounding 33.37 ms frames), measured by PROGRAM-DATE-TIME of the newest segment.
  const edge = (p: HLS.types.MediaPlaylist) => {
    const last = p.segments.filter((s) => s.uri).at(-1) as HLS.types.Segment;
    return (last.programDateTime as Date).getTime() + last.duration * 1000;
  };
  const startedAt = Date.now();
  const startEdge = edge(first);
  await Bun.sleep(10_000);
  const later = (await playlist()) as HLS.types.MediaPlaylist;
  const moved = edge(later) - startEdge;
  const wall = Date.now() - startedAt;
  // segments complete every ~2 s: the edge lags the wall clock by at most one segment
  expect(Math.abs(moved - wall)).toBeLessThan(2100);
});
