import type { TransferSample } from './throughput-estimator.ts';

/** When a piece of a response body arrived (performance.now() ms) and its size. */
export interface ChunkArrival {
  atMs: number;
  bytes: number;
}

/**
 * A chunked response (an LL-DASH segment being made) is mostly waiting: the origin sends each
 * part as the encoder finishes it. Timing the whole response would read that wait as a slow
 * network, so it is split where nothing arrived for `idleGapMs` and each busy stretch becomes
 * one sample: its bytes over the time from its first to its last chunk. A stretch that came in
 * one read has no duration; the estimator times it at its minimum (fast, not infinite).
 */
export function burstSamples(chunks: readonly ChunkArrival[], idleGapMs: number): TransferSample[] {
  const samples: TransferSample[] = [];
  let start: ChunkArrival | undefined;
  let last: ChunkArrival | undefined;
  let bytes = 0;
  for (const chunk of chunks) {
    if (last && chunk.atMs - last.atMs > idleGapMs && start) {
      samples.push({ bytes, transferMs: last.atMs - start.atMs });
      start = undefined;
      bytes = 0;
    }
    start ??= chunk;
    bytes += chunk.bytes;
    last = chunk;
  }
  if (start && last) samples.push({ bytes, transferMs: last.atMs - start.atMs });
  return samples;
}

/**
 * A whole response fetched at once (an LL-HLS part, a segment): from its first byte to its
 * last. A request the origin held (a blocking reload, the next part before it exists) waits
 * before the first byte, so the hold never counts as download time.
 */
export function firstToLastByte(timing: { firstByteMs: number; lastByteMs: number; bytes: number }) {
  return { bytes: timing.bytes, transferMs: timing.lastByteMs - timing.firstByteMs } satisfies TransferSample;
}
