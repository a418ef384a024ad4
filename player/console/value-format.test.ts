import { expect, test } from 'bun:test';
import {
  formatAgo,
  formatBitrate,
  formatBytes,
  formatDuration,
  formatLatency,
  formatVideo,
  statLabel,
  UNKNOWN,
} from './value-format.ts';

test('bitrates', () => {
  expect(formatBitrate(0)).toBe('0 kb/s');
  expect(formatBitrate(849.6)).toBe('850 kb/s');
  expect(formatBitrate(4200)).toBe('4.20 Mb/s');
  expect(formatBitrate(12_345)).toBe('12.3 Mb/s');
  expect(formatBitrate(null)).toBe(UNKNOWN);
  expect(formatBitrate(Number.NaN)).toBe(UNKNOWN);
});

test('durations', () => {
  expect(formatDuration(0)).toBe('0 s');
  expect(formatDuration(45_900)).toBe('45 s');
  expect(formatDuration(185_000)).toBe('3 min 05 s');
  expect(formatDuration(2 * 3600_000 + 7 * 60_000)).toBe('2 h 07 min');
  expect(formatDuration(3 * 86_400_000 + 4 * 3600_000)).toBe('3 d 4 h');
  expect(formatDuration(-1)).toBe(UNKNOWN);
});

test('latencies', () => {
  expect(formatLatency(0.4213)).toBe('0.42 ms');
  expect(formatLatency(0)).toBe('0 ms');
  expect(formatLatency(119.6)).toBe('120 ms');
  expect(formatLatency(-30)).toBe('-30 ms');
  expect(formatLatency(1250)).toBe('1.25 s');
  expect(formatLatency(null)).toBe(UNKNOWN);
});

test('bytes', () => {
  expect(formatBytes(512)).toBe('512 B');
  expect(formatBytes(1536)).toBe('1.5 KiB');
  expect(formatBytes(300 * 1024 * 1024)).toBe('300 MiB');
  expect(formatBytes(undefined)).toBe(UNKNOWN);
});

test('relative times', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  expect(formatAgo('2026-01-01T11:59:58Z', now)).toBe('just now');
  expect(formatAgo('2026-01-01T11:59:30Z', now)).toBe('30 s ago');
  expect(formatAgo('2026-01-01T11:50:00Z', now)).toBe('10 min ago');
  expect(formatAgo('2026-01-01T09:00:00Z', now)).toBe('3 h ago');
  expect(formatAgo('2025-12-01T09:05:00Z', now)).toBe('2025-12-01 09:05');
  expect(formatAgo(null, now)).toBe(UNKNOWN);
  expect(formatAgo('not a date', now)).toBe(UNKNOWN);
});

test('video shape and statistic names', () => {
  expect(formatVideo(1280, 720, 29.97003)).toBe('1280×720 @ 29.97 fps');
  expect(formatVideo(null, null, 25)).toBe('25 fps');
  expect(formatVideo(null, null, null)).toBe(UNKNOWN);
  expect(statLabel('packetsLost')).toBe('packets lost');
  expect(statLabel('rttMs')).toBe('rtt (ms)');
  expect(statLabel('rateMbps')).toBe('rate (mbps)');
});
