import type { BlockingReloadState } from './blocking-reload.ts';
import type { MediaPlaylistSnapshot } from './media-playlist-snapshot.ts';

/** What EXT-X-RENDITION-REPORT says about a rendition: its last segment and last part. */
export interface PlaylistTail {
  readonly lastMsn: number;
  readonly lastPart: number | null;
}

// §4.4.5.4: LAST-MSN is "the Media Sequence Number of the last Media Segment currently in the
// specified Rendition" and LAST-PART "the Part Index of the last Partial Segment ... whose Media
// Sequence Number is equal to the LAST-MSN". A segment with only parts so far counts (the spec's
// example reports LAST-MSN=273,LAST-PART=2 while 273 is still being built).
export function playlistTail(snapshot: MediaPlaylistSnapshot): PlaylistTail | null {
  const inProgressParts = snapshot.ended ? 0 : (snapshot.inProgress?.parts.length ?? 0);
  if (inProgressParts > 0) {
    return { lastMsn: snapshot.firstMsn + snapshot.segments.length, lastPart: inProgressParts - 1 };
  }
  const last = snapshot.segments.at(-1);
  if (last === undefined) return null;
  return { lastMsn: last.msn, lastPart: last.parts.length > 0 ? last.parts.length - 1 : null };
}

/** The blocking-reload view of a snapshot, for `decideBlockingReload` and `isSatisfied`. */
export function blockingReloadStateOf(snapshot: MediaPlaylistSnapshot): BlockingReloadState {
  return {
    lastMsn: snapshot.firstMsn + snapshot.segments.length,
    lastPart: snapshot.ended ? -1 : (snapshot.inProgress?.parts.length ?? 0) - 1,
    previousSegmentPartCount: snapshot.segments.at(-1)?.parts.length ?? 0,
    partTarget: snapshot.partTarget,
    ended: snapshot.ended,
  };
}
