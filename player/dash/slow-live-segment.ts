import { burstSamples, type ChunkArrival } from '../abr/transfer-bursts.ts';

/** An LL-DASH segment request in flight, as the metered fetch sees it. */
export interface LiveSegmentLoad {
  /** Body chunks so far. */
  chunks: readonly ChunkArrival[];
  nowMs: number;
  /** Seconds of media in the segment, and the rendition's bits per second. */
  segmentSeconds: number;
  bitrate: number;
  /** Forward buffer, seconds. */
  bufferSeconds: number;
}

/** A segment falling behind: the link's rate now, and how much of the segment has arrived. */
export interface SlowSegment {
  bitsPerSecond: number;
  receivedSeconds: number;
}

/**
 * Is a chunked live segment arriving too slowly for the buffer? The origin sends each chunk as
 * it is made, so a segment that keeps up arrives in short bursts with waits between them; one
 * that cannot keep up arrives without a pause, at the link's rate. So only a stretch of
 * chunks still arriving back to back for at least `minBusyMs` says anything: below the
 * rendition's bitrate, the rest of the segment (what has not arrived, by the bitrate) takes
 * longer than the buffer lasts. Undefined while it keeps up or it is too early to tell.
 */
export function slowLiveSegment(
  load: LiveSegmentLoad,
  idleGapMs = 50,
  minBusyMs = 200,
): SlowSegment | undefined {
  const { chunks, nowMs, segmentSeconds, bitrate, bufferSeconds } = load;
  const lastChunk = chunks.at(-1);
  const stretch = burstSamples(chunks, idleGapMs).at(-1);
  if (!lastChunk || !stretch || !(bitrate > 0) || !(segmentSeconds > 0)) return undefined;
  // A stretch that ended is the origin pacing the segment: the link kept up.
  if (nowMs - lastChunk.atMs > idleGapMs || stretch.transferMs < minBusyMs) return undefined;
  const bitsPerSecond = (stretch.bytes * 8) / (stretch.transferMs / 1000);
  if (bitsPerSecond >= bitrate) return undefined;
  const receivedBytes = chunks.reduce((sum, chunk) => sum + chunk.bytes, 0);
  const receivedSeconds = Math.min(segmentSeconds, (receivedBytes * 8) / bitrate);
  const finishSeconds = ((segmentSeconds - receivedSeconds) * bitrate) / bitsPerSecond;
  return finishSeconds > bufferSeconds ? { bitsPerSecond, receivedSeconds } : undefined;
}
