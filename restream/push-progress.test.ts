import { expect, test } from 'bun:test';
import { parseProgress } from '../ffmpeg/progress.ts';
import { PushProgress } from './push-progress.ts';

function block(totalSize: number | 'N/A', outTimeUs: number, ended = false) {
  const [parsed] = parseProgress(
    `total_size=${totalSize}\nout_time_us=${outTimeUs}\nprogress=${ended ? 'end' : 'continue'}\n`,
  );
  if (!parsed) throw new Error('no block');
  return parsed;
}

test('flowing only once bytes and media time both grew; the first block is a baseline', () => {
  const progress = new PushProgress();
  expect(progress.record(block(358, 22_000), 0)).toBe(false); // the FLV header
  expect(progress.flowing(0, 3000)).toBe(false);
  expect(progress.record(block(48_117, 533_000), 500)).toBe(true);
  expect(progress.flowing(600, 3000)).toBe(true);
  expect(progress.bytesOut).toBe(48_117);
  // stuck: the same numbers again (a blocked write would print nothing at all)
  expect(progress.record(block(48_117, 533_000), 1000)).toBe(false);
  expect(progress.flowing(3600, 3000)).toBe(false);
  // bytes without media time (a retransmitted header) is not progress either
  expect(progress.record(block(50_000, 533_000), 1500)).toBe(false);
  expect(progress.record(block(60_000, 700_000, true), 2500)).toBe(false);
});

test('sessions add up; the bitrate is bytes out over wall time', () => {
  const progress = new PushProgress();
  for (let i = 0; i <= 10; i++) progress.record(block(1000 + i * 125_000, i * 500_000), i * 500);
  expect(progress.bytesOut).toBe(1000 + 10 * 125_000);
  // 125 000 bytes per 500 ms = 2000 kbit/s
  expect(progress.bitrateKbps(5000)).toBe(2000);
  expect(progress.bitrateKbps(20_000)).toBe(0);
  progress.newSession();
  expect(progress.lastAdvanceAt).toBeUndefined();
  progress.record(block(500, 10_000), 6000);
  expect(progress.bytesOut).toBe(1000 + 10 * 125_000 + 500);
});

test('without a byte count (RTSP), media time moving forward is the measure', () => {
  const progress = new PushProgress();
  expect(progress.record(block('N/A', 181_344), 0)).toBe(false);
  expect(progress.record(block('N/A', 701_344), 500)).toBe(true);
  expect(progress.record(block('N/A', 701_344), 1000)).toBe(false);
  expect(progress.bytesOut).toBe(0);
});
