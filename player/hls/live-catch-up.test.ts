import { expect, test } from 'bun:test';
import { catchUpRate, startupJump } from './live-catch-up.ts';

const at = (latency: number, bufferAhead = 1, target = 0.6) => ({ latency, target, bufferAhead });

test('behind the target it speeds up in proportion, never past 1.1x', () => {
  expect(catchUpRate(1, at(0.8))).toBe(1.05);
  expect(catchUpRate(1, at(1.0))).toBe(1.1);
  expect(catchUpRate(1, at(2.5))).toBe(1.1);
});

test('a viewer joining 0.6 s late (what hls.js leaves alone under 1 s of buffer) is caught up', () => {
  // hls.js's own rule needs > 1 s ahead; ours needs 0.3 s.
  expect(catchUpRate(1, at(1.2, 0.5))).toBe(1.1);
});

test('close to the target: plays at 1x, with hysteresis between starting and stopping', () => {
  expect(catchUpRate(1, at(0.68))).toBe(1);
  // Already catching up: goes on until within 30 ms.
  expect(catchUpRate(1.05, at(0.68))).toBe(1.02);
  expect(catchUpRate(1.02, at(0.62))).toBe(1);
  expect(catchUpRate(1, at(0.4))).toBe(1);
});

test('a thin buffer or a deliberate seek back is left at 1x', () => {
  expect(catchUpRate(1, at(1.0, 0.2))).toBe(1);
  expect(catchUpRate(1.1, at(1.0, 0.2))).toBe(1);
  // 3 s behind a 0.6 s target: the viewer used the DVR slider.
  expect(catchUpRate(1, at(3.6, 3))).toBe(1);
});

test('at startup, a player a whole segment behind skips ahead through its buffer to the target', () => {
  // 2.4 s behind a 0.6 s target with 2.26 s buffered: skip 1.8 s, 0.46 s stay ahead.
  expect(startupJump(at(2.4, 2.26))).toBeCloseTo(1.8, 6);
  // Not enough buffered to land with 0.3 s ahead: no skip (rate catch-up does it).
  expect(startupJump(at(2.4, 1.9))).toBe(0);
  // Under a second behind: rate catch-up alone.
  expect(startupJump(at(1.4, 1.3))).toBe(0);
});
