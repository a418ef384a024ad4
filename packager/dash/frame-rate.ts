import type { FrameRate } from './mpd-snapshot.ts';

// 23009-1 §5.3.7.2: @frameRate is a FrameRateType, "N" or "N/D". Broadcast rates are fractions
// (29.97 is 30000/1001) and a decimal would not be exact, so they are written as such.

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

/** Frames per second (as measured from frame durations) to the fraction an encoder meant. */
export function frameRateFraction(framesPerSecond: number): FrameRate {
  if (!Number.isFinite(framesPerSecond) || framesPerSecond <= 0) {
    throw new RangeError(`frame rate must be > 0, got ${framesPerSecond}`);
  }
  const whole = Math.round(framesPerSecond);
  if (whole > 0 && Math.abs(framesPerSecond - whole) < 1e-3) return { numerator: whole, denominator: 1 };
  // NTSC family: 24000/1001, 30000/1001, 60000/1001, ...
  const ntsc = Math.round((framesPerSecond * 1001) / 1000);
  if (ntsc > 0 && Math.abs(framesPerSecond - (ntsc * 1000) / 1001) < 1e-4) {
    return { numerator: ntsc * 1000, denominator: 1001 };
  }
  const thousandths = Math.round(framesPerSecond * 1000);
  const divisor = greatestCommonDivisor(thousandths, 1000);
  return { numerator: thousandths / divisor, denominator: 1000 / divisor };
}

/** The FrameRateType text: `30`, `30000/1001`. */
export function formatFrameRate(frameRate: FrameRate): string {
  const { numerator, denominator } = frameRate;
  if (
    !Number.isSafeInteger(numerator) ||
    numerator <= 0 ||
    !Number.isSafeInteger(denominator) ||
    denominator <= 0
  ) {
    throw new RangeError(
      `frame rate must be a fraction of positive integers, got ${numerator}/${denominator}`,
    );
  }
  return denominator === 1 ? String(numerator) : `${numerator}/${denominator}`;
}
