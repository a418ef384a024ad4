/**
 * Catch-up for hls.js. hls.js speeds up only while more than 1 s of media is buffered
 * ahead, so at a sub-second target (PART-HOLD-BACK) it never closes the gap it starts
 * with: a viewer who joined 0.6 s late stays 0.6 s late. This controller owns the rate
 * instead (hls.js's own rate control is off: maxLiveSyncPlaybackRate 1), skips to the
 * target at startup, and returns a viewer who fell far behind (stalls) to the live edge,
 * unless the viewer moved back on purpose (DVR): then it leaves playback alone.
 */

import { bufferAhead } from '../watch/buffer-ahead.ts';

export interface CatchUpPolicy {
  /** Fastest rate used (1.1: barely audible; closes 1 s of drift in 10 s). */
  readonly maxRate: number;
  /** Start catching up once this far behind the target (s). */
  readonly startBehindSeconds: number;
  /** Stop once within this of the target (s): a little hysteresis so the rate does not flap. */
  readonly stopWithinSeconds: number;
  /** Never speed up with less than this buffered ahead (s): catch-up must not cause a stall. */
  readonly minBufferSeconds: number;
  /** Further behind than this (s), not by the viewer's choice: back to the live edge at once. */
  readonly farBehindSeconds: number;
  /** At startup only: this far behind, skip ahead through the buffer instead of speeding up. */
  readonly startupJumpSeconds: number;
  /** How long after start the startup skip is allowed (ms). */
  readonly startupWindowMs: number;
}

export const DEFAULT_CATCH_UP: CatchUpPolicy = {
  maxRate: 1.1,
  startBehindSeconds: 0.1,
  stopWithinSeconds: 0.03,
  minBufferSeconds: 0.3,
  farBehindSeconds: 3,
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
 * most `maxRate`, and 1 when close enough or with too thin a buffer.
 */
export function catchUpRate(current: number, sample: LatencySample, policy = DEFAULT_CATCH_UP): number {
  const behind = sample.latency - sample.target;
  const catchingUp = current > 1;
  const threshold = catchingUp ? policy.stopWithinSeconds : policy.startBehindSeconds;
  if (behind <= threshold || sample.bufferAhead < policy.minBufferSeconds) return 1;
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

export interface LiveCatchUpOptions {
  video: HTMLVideoElement;
  /** The player's latency and target now, or undefined while it does not know. */
  sample: () => Omit<LatencySample, 'bufferAhead'> | undefined;
  /** Put playback back at the live target (the player's own live sync position). */
  returnToLive: () => void;
  policy?: CatchUpPolicy;
  intervalMs?: number;
  now?: () => number;
}

/** Every `intervalMs` while the video plays: startup skip, far-behind return, or rate. */
export class LiveCatchUp {
  readonly #options: LiveCatchUpOptions;
  readonly #policy: CatchUpPolicy;
  readonly #now: () => number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #jumpUntil = 0;
  #timeShifted = false;
  #returnedAt = Number.NEGATIVE_INFINITY;

  constructor(options: LiveCatchUpOptions) {
    this.#options = options;
    this.#policy = options.policy ?? DEFAULT_CATCH_UP;
    this.#now = options.now ?? Date.now;
  }

  start(): void {
    this.#jumpUntil = this.#now() + this.#policy.startupWindowMs;
    this.#timer ??= setInterval(() => this.tick(), this.#options.intervalMs ?? 250);
  }

  /** The viewer moved back in a DVR window (true) or asked for live again (false). */
  setTimeShifted(shifted: boolean): void {
    this.#timeShifted = shifted;
  }

  tick(): void {
    const video = this.#options.video;
    const measured = video.paused || video.seeking ? undefined : this.#options.sample();
    if (!measured || this.#timeShifted) {
      if (video.playbackRate !== 1) video.playbackRate = 1;
      return;
    }
    const sample = { ...measured, bufferAhead: bufferAhead(video) };
    const now = this.#now();
    if (now < this.#jumpUntil) {
      const skip = startupJump(sample, this.#policy);
      if (skip > 0) {
        this.#jumpUntil = 0;
        video.currentTime += skip;
        return;
      }
    }
    // Stalls left the viewer far behind: return at once (at most every 5 s, so a player that
    // cannot hold the edge is not thrown back and forth).
    if (sample.latency - sample.target > this.#policy.farBehindSeconds && now - this.#returnedAt > 5000) {
      this.#returnedAt = now;
      if (video.playbackRate !== 1) video.playbackRate = 1;
      this.#options.returnToLive();
      return;
    }
    const rate = catchUpRate(video.playbackRate, sample, this.#policy);
    if (video.playbackRate !== rate) video.playbackRate = rate;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#options.video.playbackRate !== 1) this.#options.video.playbackRate = 1;
  }
}
