import { describe, expect, test } from 'bun:test';
import { frameRateFraction } from './frame-rate.ts';
import { keyframeCadence } from './keyframe-cadence.ts';

describe('keyframeCadence', () => {
  test('2 s at 30 fps: 60 frames, forced relative to the previous keyframe minus half a frame', () => {
    expect(
      keyframeCadence({ intervalSeconds: 2, frameRate: frameRateFraction(30), frameRateDivisors: [1] }),
    ).toEqual({
      gopFrames: 60,
      intervalSeconds: 2,
      forceKeyFrames: 'expr:if(isnan(prev_forced_t),1,gte(t,prev_forced_t+2-0.016667))',
    });
  });

  test('59.94 fps with a half-rate rendition: 120 frames = 2.002 s, a frame every branch has', () => {
    const cadence = keyframeCadence({
      intervalSeconds: 2,
      frameRate: frameRateFraction(59.94),
      frameRateDivisors: [1, 2, 2],
    });
    expect(cadence.gopFrames).toBe(120);
    expect(cadence.intervalSeconds).toBeCloseTo(2.002, 9);
    expect(cadence.forceKeyFrames).toBe(
      'expr:if(isnan(prev_forced_t),1,gte(t,prev_forced_t+2.002-0.008342))',
    );
  });

  test('the GOP is rounded to a multiple of every divisor', () => {
    // 1 s at 25 fps is 25 frames; a half-rate rendition needs an even count.
    const cadence = keyframeCadence({
      intervalSeconds: 1,
      frameRate: frameRateFraction(25),
      frameRateDivisors: [1, 2],
    });
    expect(cadence.gopFrames).toBe(26);
    expect(cadence.intervalSeconds).toBeCloseTo(1.04, 9);
    // never below one frame per divisor step
    expect(
      keyframeCadence({ intervalSeconds: 0.01, frameRate: frameRateFraction(30), frameRateDivisors: [1, 4] })
        .gopFrames,
    ).toBe(4);
  });

  test('bad intervals and divisors are refused', () => {
    const frameRate = frameRateFraction(30);
    for (const intervalSeconds of [0, -1, 21, Number.NaN])
      expect(() => keyframeCadence({ intervalSeconds, frameRate, frameRateDivisors: [1] })).toThrow(
        /keyframe interval must be in/,
      );
    for (const divisor of [0, 1.5, 9])
      expect(() => keyframeCadence({ intervalSeconds: 2, frameRate, frameRateDivisors: [divisor] })).toThrow(
        /divisor must be an integer/,
      );
  });
});
