import { describe, expect, test } from 'bun:test';
import { partTargetFor } from './part-target.ts';

describe('partTargetFor', () => {
  const ntsc = 1001 / 30000;
  const aac = 1024 / 48000;
  const cases: [string, number, number[], number][] = [
    ['29.97 fps video alone: 6 frames', 0.2, [ntsc], 6 * ntsc],
    ['AAC 48 kHz alone: 9 frames', 0.2, [aac], 9 * aac],
    ['video + audio: the larger part wins', 0.2, [ntsc, aac], 6 * ntsc],
    ['25 fps: exact', 0.2, [0.04], 0.2],
    ['frames longer than the target: one frame', 0.02, [ntsc], ntsc],
    ['no tracks: as requested', 0.3, [], 0.3],
  ];
  for (const [name, requested, frames, expected] of cases) {
    test(name, () => expect(partTargetFor(requested, frames)).toBeCloseTo(expected, 12));
  }

  test('every track then fits whole frames in >= 85% and <= 100% of the target', () => {
    const target = partTargetFor(0.2, [ntsc, aac]);
    expect(target).toBeCloseTo(0.2002, 12);
    for (const frame of [ntsc, aac]) {
      const fitting = Math.floor(target / frame + 1e-9) * frame;
      expect(fitting).toBeLessThanOrEqual(target + 1e-9);
      expect(fitting).toBeGreaterThanOrEqual(0.85 * target);
    }
  });

  test('rejects non-positive inputs', () => {
    expect(() => partTargetFor(0, [ntsc])).toThrow(RangeError);
    expect(() => partTargetFor(0.2, [0])).toThrow(RangeError);
  });
});
