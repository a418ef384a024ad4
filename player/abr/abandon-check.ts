/** A media request in flight, as the player sees it. */
export interface InFlightLoad {
  /** Bytes received so far, and the response size (0 or less: unknown). */
  loadedBytes: number;
  totalBytes: number;
  /** Milliseconds since the first byte (undefined: none yet: the origin may be holding it). */
  msSinceFirstByte: number | undefined;
  /** Seconds of media the request carries. */
  mediaSeconds: number;
  /** Forward buffer, seconds. */
  bufferSeconds: number;
}

/**
 * Should a download be abandoned for a lower rendition? Only once bytes flow (a request
 * the origin holds until the part exists is waiting, not slow), only after a quarter of
 * the media's duration, and only when what is left, at the rate the bytes arrive, will
 * take longer than the buffer lasts. Near the live edge the buffer is a second or less,
 * so one part fetched at a third of its bitrate is enough to stall: better to drop it.
 */
export function shouldAbandon(load: InFlightLoad): boolean {
  const { loadedBytes, totalBytes, msSinceFirstByte, mediaSeconds, bufferSeconds } = load;
  if (msSinceFirstByte === undefined || totalBytes <= 0 || loadedBytes >= totalBytes) return false;
  if (msSinceFirstByte < Math.max(50, mediaSeconds * 250)) return false;
  const bytesPerMs = loadedBytes / msSinceFirstByte;
  const remainingSeconds = bytesPerMs > 0 ? (totalBytes - loadedBytes) / bytesPerMs / 1000 : Infinity;
  return remainingSeconds > bufferSeconds;
}
