/**
 * When every rendition of a ladder puts its keyframes: the same instants in all
 * of them, so each segment boundary is an IDR in every rendition and a player
 * can switch there.
 *
 * All renditions are encoded from one constant-frame-rate stream (the ladder's
 * `fps` filter runs before the split), so frame k has the same timestamp in
 * every branch. A rendition at 1/d of the rate keeps every d-th frame, so the
 * GOP (in full-rate frames) is a multiple of every d: the keyframe frame then
 * exists in every branch.
 *
 * `-force_key_frames` pins the keyframes by time; ffmpeg evaluates it per
 * output, on the encoder's timestamps:
 *   if(isnan(prev_forced_t), 1, gte(t, prev_forced_t + interval - halfFrame))
 * - the first frame is forced (prev_forced_t starts as NaN), then one every
 *   `interval` after the previous forced one: relative, so a source that
 *   starts at t = 37 s does not get a keyframe on every frame until
 *   `n_forced * interval` catches up, as `gte(t, n_forced*G)` would;
 * - minus half a frame, so floating point (2.002 s is not exact) never moves
 *   the keyframe one frame later in one branch than in another.
 */
import { type FrameRateFraction, frameRateValue } from './frame-rate.ts';

export interface KeyframeCadenceOptions {
  /** Wanted seconds between keyframes; rounded to whole GOPs of frames. */
  intervalSeconds: number;
  /** The ladder's full (source) frame rate. */
  frameRate: FrameRateFraction;
  /** Each rendition's frame rate divisor (1: full rate, 2: half rate ...). */
  frameRateDivisors: readonly number[];
}

export interface KeyframeCadence {
  /** GOP length in full-rate frames; a rendition at 1/d of the rate uses `gopFrames / d`. */
  gopFrames: number;
  /** Exact seconds between keyframes (`gopFrames / frameRate`). */
  intervalSeconds: number;
  /** The `-force_key_frames` value, the same for every rendition. */
  forceKeyFrames: string;
}

export const MAX_KEYFRAME_INTERVAL_SECONDS = 20;

export function keyframeCadence(options: KeyframeCadenceOptions): KeyframeCadence {
  const { intervalSeconds, frameRate, frameRateDivisors } = options;
  if (
    !Number.isFinite(intervalSeconds) ||
    intervalSeconds <= 0 ||
    intervalSeconds > MAX_KEYFRAME_INTERVAL_SECONDS
  )
    throw new Error(
      `keyframe interval must be in (0, ${MAX_KEYFRAME_INTERVAL_SECONDS}] seconds, got ${intervalSeconds}`,
    );
  for (const divisor of frameRateDivisors)
    if (!Number.isInteger(divisor) || divisor < 1 || divisor > 8)
      throw new Error(`frame rate divisor must be an integer in [1, 8], got ${divisor}`);
  const fps = frameRateValue(frameRate);
  const step = frameRateDivisors.reduce(leastCommonMultiple, 1);
  const gopFrames = Math.max(step, Math.round((intervalSeconds * fps) / step) * step);
  const exactInterval = (gopFrames * frameRate.den) / frameRate.num;
  const halfFrame = frameRate.den / frameRate.num / 2;
  return {
    gopFrames,
    intervalSeconds: exactInterval,
    forceKeyFrames: `expr:if(isnan(prev_forced_t),1,gte(t,prev_forced_t+${decimal(exactInterval)}-${decimal(halfFrame)}))`,
  };
}

/** Up to 6 decimals, no trailing zeros: `2.002`, `0.008342`, `1`. */
function decimal(value: number): string {
  return String(Number(value.toFixed(6)));
}

function leastCommonMultiple(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return (a * b) / x;
}
