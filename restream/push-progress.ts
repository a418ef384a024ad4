/**
 * Whether a destination's FFmpeg is really pushing, judged from its `-progress` blocks:
 * the output moved forward when BOTH `total_size` (bytes the muxer handed to the
 * protocol) and `out_time` (media time written) grew since the previous block.
 *
 * Why this is honest: FFmpeg prints progress from its main loop, which blocks inside a
 * network write that cannot proceed. A target that stops reading stops the counters
 * (after the kernel's socket buffers fill), one that is down makes FFmpeg exit; input
 * merely accepted on stdin proves nothing, so it is not counted. The first block of a
 * session only sets the baseline (it may hold just the container header).
 * RTSP reports no byte count (its muxer owns its sockets): media time alone decides there.
 * Limit: over UDP nothing ever pushes back; "flowing" means datagrams are being sent.
 */
import type { FfmpegProgress } from '../ffmpeg/progress.ts';

const BITRATE_WINDOW_MS = 5000;

export class PushProgress {
  #previous: { totalSize: number | null; outTimeUs: number } | undefined;
  #bytesOut = 0;
  #lastAdvanceAt: number | undefined;
  #samples: { at: number; bytes: number }[] = [];

  /** A new FFmpeg session starts counting from its own zero. */
  newSession(): void {
    this.#previous = undefined;
    this.#lastAdvanceAt = undefined;
  }

  /** Bytes pushed out over all sessions. */
  get bytesOut(): number {
    return this.#bytesOut;
  }

  /** When the output last moved forward (performance.now() clock), this session. */
  get lastAdvanceAt(): number | undefined {
    return this.#lastAdvanceAt;
  }

  /**
   * Takes one progress block; true when it shows the output moving forward. A muxer
   * that writes through its own sockets (RTSP) reports no total_size: then media time
   * alone is the measure.
   */
  record(block: FfmpegProgress, nowMs: number): boolean {
    const { totalSizeBytes: totalSize, outTimeUs } = block;
    if (block.ended || outTimeUs === null) return false;
    const previous = this.#previous;
    this.#previous = { totalSize, outTimeUs };
    if (totalSize !== null) this.#bytesOut += Math.max(0, totalSize - (previous?.totalSize ?? 0));
    this.#sample(nowMs);
    if (!previous || outTimeUs <= previous.outTimeUs) return false;
    if (totalSize !== null && (previous.totalSize === null || totalSize <= previous.totalSize)) return false;
    this.#lastAdvanceAt = nowMs;
    return true;
  }

  /** Output moved forward within the last `windowMs`. */
  flowing(nowMs: number, windowMs: number): boolean {
    return this.#lastAdvanceAt !== undefined && nowMs - this.#lastAdvanceAt <= windowMs;
  }

  /** Bytes out over the last few seconds of wall time, in kbit/s (0 when nothing moved). */
  bitrateKbps(nowMs: number): number {
    const first = this.#samples[0];
    const last = this.#samples.at(-1);
    if (!first || !last || last.at === first.at || nowMs - last.at > BITRATE_WINDOW_MS) return 0;
    return Math.round(((last.bytes - first.bytes) * 8) / (last.at - first.at));
  }

  #sample(nowMs: number): void {
    this.#samples.push({ at: nowMs, bytes: this.#bytesOut });
    // keep one sample at or before the window's start as its baseline
    while (this.#samples.length > 2 && (this.#samples[1] as { at: number }).at <= nowMs - BITRATE_WINDOW_MS)
      this.#samples.shift();
  }
}
