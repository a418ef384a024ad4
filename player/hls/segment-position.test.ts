import { expect, test } from 'bun:test';
import { segmentPosition } from './segment-position.ts';

// Three 2 s segments from 100 s, the last one being made (listed with its expected length).
const segments = [
  { start: 100, duration: 2 },
  { start: 102, duration: 2 },
  { start: 104, duration: 2 },
];

test('inside a segment: the offset from its first part and what is left of it', () => {
  const at = segmentPosition(segments, 102.6, 2);
  expect(at?.offsetSeconds).toBeCloseTo(0.6, 9);
  expect(at?.remainingSeconds).toBeCloseTo(1.4, 9);
  expect(at?.segmentStart).toBe(102);
});

test('at a boundary (within the slack, either side) the offset is 0', () => {
  expect(segmentPosition(segments, 104, 2)?.offsetSeconds).toBe(0);
  const early = segmentPosition(segments, 103.97, 2);
  expect(early?.offsetSeconds).toBe(0);
  expect(early?.remainingSeconds).toBeCloseTo(2.03, 9);
  expect(early?.segmentStart).toBe(104);
  expect(segmentPosition(segments, 102.03, 2)?.offsetSeconds).toBe(0);
});

test('past the last listed segment: the start of one not listed yet', () => {
  expect(segmentPosition(segments, 106, 2)).toEqual({
    offsetSeconds: 0,
    remainingSeconds: 2,
    segmentStart: 106,
  });
  expect(segmentPosition(segments, 107, 2)).toEqual({
    offsetSeconds: 0,
    remainingSeconds: 2,
    segmentStart: 106,
  });
});

test('before the playlist, no playlist, or no position: unknown', () => {
  expect(segmentPosition(segments, 90, 2)).toBeUndefined();
  expect(segmentPosition([], 100, 2)).toBeUndefined();
  expect(segmentPosition(segments, Number.NaN, 2)).toBeUndefined();
});
