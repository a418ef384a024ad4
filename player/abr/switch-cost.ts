/** Where a load falls in its segment. */
export interface SegmentPosition {
  /** Seconds from the segment's start (its independent first part) to the position. */
  offsetSeconds: number;
  /** Seconds from the position to the segment's end. */
  remainingSeconds: number;
}

export interface DownSwitchChoice {
  /** Bits per second of the rendition loading now, and of the lower one proposed. */
  currentBitrate: number;
  lowerBitrate: number;
  /** Where the next load starts (or, with a load in flight, where that load ends). */
  position: SegmentPosition;
  /** Bytes still to come of a load in flight at the current rendition (abandoning it wastes none of them). */
  inFlightRemainingBytes?: number;
}

/**
 * Is switching down now cheaper than finishing the segment where it is? A switch in the middle
 * of a segment loads the lower rendition again from the segment's start (its only independent
 * part: an LL-HLS level switch, or an abandoned LL-DASH segment request), so it costs the whole segment at the lower rate; staying costs the rest of it at the
 * current rate. Both are bytes through the same link, so the link's speed drops out: e.g.
 * 360p 1.4 Mbps to 144p 0.4 Mbps with 2 s segments pays off until ~0.55 s before the end, and
 * near the end the player finishes the segment and switches at the boundary for free.
 */
export function switchDownNowIsCheaper(choice: DownSwitchChoice): boolean {
  const { currentBitrate, lowerBitrate, position } = choice;
  const segmentSeconds = position.offsetSeconds + position.remainingSeconds;
  const switchBytes = (lowerBitrate * segmentSeconds) / 8;
  const stayBytes = (choice.inFlightRemainingBytes ?? 0) + (currentBitrate * position.remainingSeconds) / 8;
  return switchBytes < stayBytes;
}
