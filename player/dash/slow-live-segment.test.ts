import { expect, test } from 'bun:test';
import { slowLiveSegment } from './slow-live-segment.ts';

// 1.2 Mbps video, 2 s segments, 0.2 s chunks of 30 kB.
const bitrate = 1_200_000;
const load = (chunks: { atMs: number; bytes: number }[], nowMs: number, bufferSeconds = 0.6) => ({
  chunks,
  nowMs,
  segmentSeconds: 2,
  bitrate,
  bufferSeconds,
});

test('a segment that keeps up arrives in bursts with waits between: never slow', () => {
  // Each 30 kB chunk in 40 ms (6 Mbps), one every 200 ms as the origin makes them.
  const chunks = [0, 200, 400, 600].flatMap((t) => [
    { atMs: t, bytes: 15_000 },
    { atMs: t + 40, bytes: 15_000 },
  ]);
  expect(slowLiveSegment(load(chunks, 640))).toBeUndefined();
  expect(slowLiveSegment(load(chunks, 700))).toBeUndefined();
});

test('chunks arriving back to back below the bitrate, with a short buffer: slow', () => {
  // 600 kbps: 3750 bytes every 50 ms... as 1875 every 25 ms, for 400 ms.
  const chunks = Array.from({ length: 17 }, (_, i) => ({ atMs: i * 25, bytes: 1875 }));
  const slow = slowLiveSegment(load(chunks, 410));
  expect(slow?.bitsPerSecond).toBeCloseTo(637_500, -3);
  // 31.9 kB of 1.2 Mbps is ~0.21 s of media.
  expect(slow?.receivedSeconds).toBeCloseTo(0.2125, 3);
  // With 4 s of buffer the rest (~3.5 s at this rate) still arrives in time.
  expect(slowLiveSegment(load(chunks, 410, 4))).toBeUndefined();
});

test('too short a stretch, or one that ended, or fast enough: not slow', () => {
  const short = Array.from({ length: 6 }, (_, i) => ({ atMs: i * 25, bytes: 1875 }));
  expect(slowLiveSegment(load(short, 130))).toBeUndefined();
  const long = Array.from({ length: 17 }, (_, i) => ({ atMs: i * 25, bytes: 1875 }));
  expect(slowLiveSegment(load(long, 500))).toBeUndefined(); // idle 100 ms: caught up
  const fast = Array.from({ length: 17 }, (_, i) => ({ atMs: i * 25, bytes: 6000 }));
  expect(slowLiveSegment(load(fast, 410))).toBeUndefined();
  expect(slowLiveSegment(load([], 0))).toBeUndefined();
  expect(slowLiveSegment({ ...load(long, 410), bitrate: 0 })).toBeUndefined();
});
