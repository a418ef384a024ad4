/**
 * Frame rates as FFmpeg wants them: exact fractions. 29.97 is really
 * 30000/1001; writing it as a decimal makes `fps=29.97` drift one frame every
 * ~9 hours and breaks the exact keyframe times a ladder relies on.
 */

export interface FrameRateFraction {
  num: number;
  den: number;
}

/** 30 -> 30/1, 29.97 -> 30000/1001, 59.94 -> 60000/1001, 23.976 -> 24000/1001, 12.5 -> 25/2. */
export function frameRateFraction(rate: number): FrameRateFraction {
  if (!Number.isFinite(rate) || rate <= 0)
    throw new Error(`frame rate must be a positive number, got ${rate}`);
  if (Math.abs(rate - Math.round(rate)) < 1e-6) return { num: Math.round(rate), den: 1 };
  // NTSC family: an integer rate slowed by 1000/1001.
  const ntsc = Math.round(rate * 1.001);
  if (Math.abs((ntsc * 1000) / 1001 - rate) < 0.005) return { num: ntsc * 1000, den: 1001 };
  // anything else: millihertz precision is plenty.
  const num = Math.round(rate * 1000);
  const divisor = greatestCommonDivisor(num, 1000);
  return { num: num / divisor, den: 1000 / divisor };
}

/** The fraction as FFmpeg parses it (`30`, `30000/1001`). */
export function frameRateArg(fraction: FrameRateFraction): string {
  return fraction.den === 1 ? String(fraction.num) : `${fraction.num}/${fraction.den}`;
}

/** `rate / divisor`, still exact (60000/1001 / 2 -> 30000/1001). */
export function dividedFrameRate(fraction: FrameRateFraction, divisor: number): FrameRateFraction {
  const den = fraction.den * divisor;
  const common = greatestCommonDivisor(fraction.num, den);
  return { num: fraction.num / common, den: den / common };
}

export function frameRateValue(fraction: FrameRateFraction): number {
  return fraction.num / fraction.den;
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}
