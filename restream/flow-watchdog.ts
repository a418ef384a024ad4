/**
 * Decides, from the clock alone, when a restream session is no longer live and when it
 * is stalled for good: the destination asks on a timer and acts on the answer.
 *
 * - Live means the output moved within `liveWindowMs` (push-progress.ts). When it stops,
 *   the session is "connecting" again, saying whether the stream or the target went quiet.
 * - Stalled means nothing went out for `stallTimeoutMs` while the stream was sending. The
 *   quiet time counts from the latest of: the output's last move, the session's start, and
 *   the stream resuming after a pause; a stream that sends nothing stalls nobody (there is
 *   nothing to push), and one that just came back gets the full timeout to get going.
 * - A stall is reported once per session: the kill is on its way, its exit starts the next.
 *
 * Times are `performance.now()` milliseconds passed in, so tests drive it with numbers.
 */
import type { PushProgress } from './push-progress.ts';

export type ProgressForWatchdog = Pick<PushProgress, 'lastAdvanceAt' | 'flowing'>;

export interface FlowWatchdogOptions {
  /** The session's output progress (reset by its owner at each session start). */
  progress: ProgressForWatchdog;
  /** "live" while the output moved within this window; the stream is "sending" within it too. */
  liveWindowMs: number;
  /** A session whose output has not moved for this long while the stream sends is stalled. */
  stallTimeoutMs: number;
}

export interface FlowVerdict {
  /** The session was live and its output stopped: why, for the "connecting" state. */
  notLive?: string;
  /** The session is stalled: kill it; this is its error. */
  stalled?: string;
}

export class FlowWatchdog {
  readonly #options: FlowWatchdogOptions;
  #lastInputAt = Number.NEGATIVE_INFINITY;
  #inputResumedAt = 0;
  #sessionStartedAt = 0;
  #stallReported = false;

  constructor(options: FlowWatchdogOptions) {
    this.#options = options;
  }

  /** The stream sent bytes (whether or not a session took them). */
  input(nowMs: number): void {
    if (nowMs - this.#lastInputAt > this.#options.liveWindowMs) this.#inputResumedAt = nowMs;
    this.#lastInputAt = nowMs;
  }

  /** A new FFmpeg session began: its stall clock starts now. */
  sessionStarted(nowMs: number): void {
    this.#sessionStartedAt = nowMs;
    this.#stallReported = false;
  }

  /** What to do about the running session now; `live` is whether it is in the live state. */
  check(nowMs: number, live: boolean): FlowVerdict {
    const { progress, liveWindowMs, stallTimeoutMs } = this.#options;
    const verdict: FlowVerdict = {};
    const sourceSending = nowMs - this.#lastInputAt <= liveWindowMs;
    if (live && !progress.flowing(nowMs, liveWindowMs)) {
      verdict.notLive = sourceSending
        ? `nothing went out for ${seconds(nowMs - (progress.lastAdvanceAt ?? nowMs))} s`
        : 'the stream sends nothing';
    }
    const lastMove = Math.max(progress.lastAdvanceAt ?? 0, this.#sessionStartedAt, this.#inputResumedAt);
    const quietMs = nowMs - lastMove;
    if (sourceSending && quietMs > stallTimeoutMs && !this.#stallReported) {
      this.#stallReported = true;
      verdict.stalled = `stalled: nothing went out for ${seconds(quietMs)} s while the stream was sending`;
    }
    return verdict;
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
