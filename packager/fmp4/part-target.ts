/**
 * The PART-TARGET to advertise, from the requested one and each track's frame
 * duration: parts hold whole frames, so the target is rounded to a whole
 * number of frames per track, and the largest such part wins.
 *
 * rfc8216bis §4.4.4.9 (via LOW-LATENCY.md): part DURATION must be <= PART-TARGET
 * and >= 85% of it, except independent parts, gap parts, the part before a gap
 * and the last part of a segment.
 *
 * 29.97 fps video, 0.2 s requested: 6 frames = 0.2002 s. AAC 1024/48000:
 * 9 frames = 0.192 s (>= 85% of 0.2002). Advertise 0.2002; never change it.
 */
export function partTargetFor(requestedPartTarget: number, frameDurations: readonly number[]): number {
  if (!(requestedPartTarget > 0)) throw new RangeError(`part target must be > 0, got ${requestedPartTarget}`);
  let target = 0;
  for (const frameDuration of frameDurations) {
    if (!(frameDuration > 0)) throw new RangeError(`frame duration must be > 0, got ${frameDuration}`);
    const framesPerPart = Math.max(1, Math.round(requestedPartTarget / frameDuration));
    target = Math.max(target, framesPerPart * frameDuration);
  }
  return target === 0 ? requestedPartTarget : target;
}
