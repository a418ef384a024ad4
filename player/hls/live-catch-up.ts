/**
 * Catch-up by playback rate for hls.js. hls.js speeds up only while more than 1 s of media
 * is buffered ahead, so at a sub-second target (PART-HOLD-BACK) it never closes the gap it
 * starts with: a viewer who joined 0.6 s late stays 0.6 s late. This controller owns the
 * rate instead (hls.js's own rate control is turned off with maxLiveSyncPlaybackRate 1).
 */

export interface CatchUpPolicy {
  /** Fastest rate used (1.1: barely audible; closes 1 s of drift in 10 s). */
  readonly maxRate: number;
  /** Start catching up once this far behind the target (s). */
  readonly startBehindSeconds: number;
  /** Stop once within this of the target (s): a little hysteresis so the rate does not flap. */
  readonly stopWithinSeconds: number;
  /** Never speed up with less than this buffered ahead (s): catch-up must not cause a stall. */
  readonly minBufferSeconds: number;
  /** Further behind than this the viewer has seeked back on purpose (DVR): leave the rate alone. */
  readonly maxBehindSeconds: number;
  /** At startup only: this far behind, skip ahead through the buffer instead of speeding up. */
  readonly startupJumpSeconds: number;
  /** How long after start a jump is allowed (ms): later, a big gap is the viewer's own seek. */
  readonly startupWindowMs: number;
}

export const DEFAULT_CATCH_UP: CatchUpPolicy = {
  maxRate: 1.1,
  startBehindSeconds: 0.1,
  stopWithinSeconds: 0.03,
  minBufferSeconds: 0.3,
  maxBehindSeconds: 2.5,
  startupJumpSeconds: 1,
  startupWindowMs: 10_000,
};

export interface LatencySample {
  /** Seconds behind the live edge. */
  latency: number;
  /** Seconds behind the live edge the player aims for. */
  target: number;
  /** Seconds of media buffered ahead of the playhead. */
  bufferAhead: number;
}

/**
 * The rate for the next tick, given the one now playing: proportional to how far behind
 * the target playback is (a quarter of the distance, so 0.4 s behind plays at 1.1x), at
 * most `maxRate`, and 1 when close enough, too thin a buffer, or a deliberate seek back.
 */
export function catchUpRate(current: number, sample: LatencySample, policy = DEFAULT_CATCH_UP): number {
  const behind = sample.latency - sample.target;
  const catchingUp = current > 1;
  const threshold = catchingUp ? policy.stopWithinSeconds : policy.startBehindSeconds;
  if (behind <= threshold || behind > policy.maxBehindSeconds) return 1;
  if (sample.bufferAhead < policy.minBufferSeconds) return 1;
  const rate = 1 + Math.min(policy.maxRate - 1, Math.max(0.01, behind / 4));
  // Whole hundredths: no rate change for every millisecond of measured drift.
  return Math.round(rate * 100) / 100;
}

/**
 * Seconds to skip at startup: a player often starts a whole segment back (it must begin at a
 * keyframe), and closing 2 s at 1.1x takes 20 s. Skips to the target when that leaves at least
 * `minBufferSeconds` ahead; else 0.
 */
export function startupJump(sample: LatencySample, policy = DEFAULT_CATCH_UP): number {
  const behind = sample.latency - sample.target;
  if (behind < policy.startupJumpSeconds) return 0;
  return sample.bufferAhead - behind >= policy.minBufferSeconds ? behind : 0;
}

/** Applies `startupJump` once, then `catchUpRate`, to a video element every `intervalMs` while it plays. */
export class LiveCatchUp {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly sample: () => Omit<LatencySample, 'bufferAhead'> | undefined,
    private readonly policy = DEFAULT_CATCH_UP,
    private readonly intervalMs = 250,
  ) {}

  private jumpUntil = 0;

  start(): void {
    this.jumpUntil = Date.now() + this.policy.startupWindowMs;
    this.timer ??= setInterval(() => this.tick(), this.intervalMs);
  }

  tick(): void {
    const video = this.video;
    const measured = video.paused || video.seeking ? undefined : this.sample();
    const sample = measured && { ...measured, bufferAhead: bufferAhead(video) };
    if (sample && Date.now() < this.jumpUntil) {
      const skip = startupJump(sample, this.policy);
      if (skip > 0) {
        this.jumpUntil = 0;
        video.currentTime += skip;
        return;
      }
    }
    const rate = sample ? catchUpRate(video.playbackRate, sample, this.policy) : 1;
    if (video.playbackRate !== rate) video.playbackRate = rate;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.video.playbackRate !== 1) this.video.playbackRate = 1;
  }
}

function bufferAhead(video: HTMLVideoElement): number {
  const ranges = video.buffered;
  for (let i = 0; i < ranges.length; i++) {
    if (ranges.start(i) <= video.currentTime + 0.1 && video.currentTime < ranges.end(i))
      return ranges.end(i) - video.currentTime;
  }
  return 0;
}
