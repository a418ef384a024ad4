import { type SegmentPosition, switchDownNowIsCheaper } from '../abr/switch-cost.ts';

export interface HlsSwitchPolicyOptions {
  /** Below this buffer (s) a second step down within one segment is allowed. */
  panicBufferSeconds: number;
  /** Up switches only this early in a segment (s from its start; default 0.3, one part and a bit). */
  upWindowSeconds?: number;
  /** A down switch this soon (ms) after an up switch means the up switch failed. */
  failedUpWindowMs?: number;
  /** Extra wait (ms) before the next up switch after a failed one; doubles with each failure in a row. */
  upPenaltyMs?: number;
  maxUpPenaltyMs?: number;
}

export interface HlsSwitchInput {
  /** Bits per second of each level. */
  bitrates: readonly number[];
  /** The level loading now (-1: none yet), and the one the buffer/throughput controller proposes. */
  current: number;
  proposed: number;
  /** Where the next load starts in its segment (undefined: unknown, no switch cost known). */
  position: SegmentPosition | undefined;
  /** Which segment that is (its start time): at most one step down per segment. */
  segmentStart: number | undefined;
  bufferSeconds: number;
  nowMs: number;
}

/**
 * What hls.js should load next, given what the shared controller proposes, once the price of a
 * switch in LL-HLS is counted: hls.js loads the new level from the last independent part before
 * the buffer's end, with one keyframe per segment the segment's first (switch-cost.ts), and
 * the media it appends there replaces what was buffered up to the next keyframe.
 *
 * Never at a segment boundary: there the buffer ends a frame short of the segment's end, so
 * hls.js reloads the whole segment just finished, and the frames under the playhead go with
 * it (seen with hls.js 1.7: a boundary switch emptied the buffer, for its own ABR too). One
 * part later the reload is that one part. So up switches happen one part into a segment, with
 * the playhead still before the segment (buffer longer than the offset), and an up switch that
 * had to be undone soon after holds the next one back for longer and longer (a link that
 * carries a rung only on paper would otherwise flap, paying a reload each time). A down switch
 * in mid-segment is taken only when it costs fewer bytes than finishing the segment, and only
 * once per segment unless the buffer is all but empty: a second step would reload it again.
 */
export class HlsSwitchPolicy {
  private readonly panic: number;
  private readonly upWindow: number;
  private readonly failedUpWindowMs: number;
  private readonly upPenaltyMs: number;
  private readonly maxUpPenaltyMs: number;
  private penaltyMs = 0;
  private upBlockedUntilMs = Number.NEGATIVE_INFINITY;
  private lastUpAtMs: number | undefined;
  private lastDownSegment: number | undefined;

  constructor(options: HlsSwitchPolicyOptions) {
    this.panic = options.panicBufferSeconds;
    this.upWindow = options.upWindowSeconds ?? 0.3;
    this.failedUpWindowMs = options.failedUpWindowMs ?? 8000;
    this.upPenaltyMs = options.upPenaltyMs ?? 8000;
    this.maxUpPenaltyMs = options.maxUpPenaltyMs ?? 60_000;
  }

  decide(input: HlsSwitchInput): number {
    const { bitrates, current, proposed, position, nowMs } = input;
    if (current < 0 || proposed < 0 || proposed === current || !position) return proposed;
    const currentBitrate = bitrates[current] ?? 0;
    const proposedBitrate = bitrates[proposed] ?? 0;
    // An up switch that lasted its window: the link carries it, the penalty is forgiven.
    if (this.lastUpAtMs !== undefined && nowMs - this.lastUpAtMs >= this.failedUpWindowMs) {
      this.lastUpAtMs = undefined;
      this.penaltyMs = 0;
    }
    const offset = position.offsetSeconds;
    if (offset <= 0) return current;
    if (proposedBitrate > currentBitrate) {
      const early = offset <= this.upWindow && input.bufferSeconds > offset;
      if (!early || nowMs < this.upBlockedUntilMs) return current;
      this.lastUpAtMs = nowMs;
      return proposed;
    }
    const again = input.segmentStart !== undefined && input.segmentStart === this.lastDownSegment;
    if (again && input.bufferSeconds >= this.panic) return current;
    if (!switchDownNowIsCheaper({ currentBitrate, lowerBitrate: proposedBitrate, position })) return current;
    this.wentDown(input.segmentStart, nowMs);
    return proposed;
  }

  /** A down switch taken (here or by an abandoned load): counts against the last up switch. */
  wentDown(segmentStart: number | undefined, nowMs: number): void {
    this.lastDownSegment = segmentStart;
    if (this.lastUpAtMs === undefined || nowMs - this.lastUpAtMs >= this.failedUpWindowMs) return;
    this.penaltyMs = Math.min(this.maxUpPenaltyMs, this.penaltyMs ? this.penaltyMs * 2 : this.upPenaltyMs);
    this.upBlockedUntilMs = nowMs + this.penaltyMs;
    this.lastUpAtMs = undefined;
  }
}
