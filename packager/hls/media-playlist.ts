import { type SkipDirective, skippedSegmentCount } from './delta-update.ts';
import type { MediaPlaylistSnapshot } from './media-playlist-snapshot.ts';
import { firstSegmentWithParts, type PartRetentionOptions } from './part-retention.ts';
import { extXDiscontinuity } from './tags/ext-x-discontinuity.ts';
import { extXDiscontinuitySequence } from './tags/ext-x-discontinuity-sequence.ts';
import { extXEndlist } from './tags/ext-x-endlist.ts';
import { extXMap } from './tags/ext-x-map.ts';
import { extXMediaSequence } from './tags/ext-x-media-sequence.ts';
import { extXPart } from './tags/ext-x-part.ts';
import { extXPartInf } from './tags/ext-x-part-inf.ts';
import { extXPreloadHintPart } from './tags/ext-x-preload-hint.ts';
import { extXProgramDateTime } from './tags/ext-x-program-date-time.ts';
import { extXRenditionReport } from './tags/ext-x-rendition-report.ts';
import { extXServerControl } from './tags/ext-x-server-control.ts';
import { extXSkip } from './tags/ext-x-skip.ts';
import { extXTargetDuration } from './tags/ext-x-targetduration.ts';
import { extXVersion, mediaPlaylistVersion } from './tags/ext-x-version.ts';
import { extinf } from './tags/extinf.ts';
import { extm3u } from './tags/extm3u.ts';

export interface MediaPlaylistRenderOptions extends PartRetentionOptions {
  /** The request's `_HLS_skip` directive; `null` renders the full playlist. */
  readonly skip?: SkipDirective;
}

/**
 * Renders a live LL-HLS media playlist (or its delta update) from a snapshot. Pure: the same input
 * always gives the same text, which ends in a newline.
 *
 *   header        EXTM3U, VERSION, TARGETDURATION, SERVER-CONTROL, PART-INF, MEDIA-SEQUENCE,
 *                 DISCONTINUITY-SEQUENCE, MAP
 *   [EXT-X-SKIP]  delta updates only, replacing the oldest segments
 *   segments      [DISCONTINUITY] PROGRAM-DATE-TIME [PART...] EXTINF uri
 *   in progress   [DISCONTINUITY] PROGRAM-DATE-TIME PART...        (live only)
 *   PRELOAD-HINT  (live only), RENDITION-REPORT..., [ENDLIST]
 */
export function renderMediaPlaylist(
  snapshot: MediaPlaylistSnapshot,
  options: MediaPlaylistRenderOptions = {},
): string {
  assertConsecutiveMsns(snapshot);
  const skipped = skippedSegmentCount(snapshot, options.skip ?? null);
  const partsFrom = firstSegmentWithParts(snapshot, options);

  const lines = [
    extm3u(),
    extXVersion(mediaPlaylistVersion(snapshot.canSkipUntil !== null)),
    extXTargetDuration(snapshot.targetDuration),
    extXServerControl({
      canBlockReload: true,
      partHoldBack: snapshot.partHoldBack,
      holdBack: snapshot.holdBack,
      canSkipUntil: snapshot.canSkipUntil,
    }),
    extXPartInf(snapshot.partTarget),
    extXMediaSequence(snapshot.firstMsn),
    extXDiscontinuitySequence(snapshot.discontinuitySequence),
    extXMap(snapshot.mapUri),
  ];

  // §6.2.5.1: "All tags that were not skipped MUST remain in the Playlist Delta Update." The first
  // segment after EXT-X-SKIP carries its own DISCONTINUITY and PROGRAM-DATE-TIME like any other.
  if (skipped > 0) lines.push(extXSkip(skipped));

  // §4.4.4.5: EXT-X-MAP applies to every segment after it until the next one; a source
  // that came back with other codec settings brings a new one (after its discontinuity).
  let mapInForce = snapshot.mapUri;
  const mapChange = (mapUri: string | undefined): string[] => {
    if (mapUri === undefined || mapUri === mapInForce) return [];
    mapInForce = mapUri;
    return [extXMap(mapUri)];
  };
  let skippedMap = snapshot.mapUri;
  snapshot.segments.forEach((segment, index) => {
    if (index < skipped) {
      skippedMap = segment.mapUri ?? skippedMap;
      return;
    }
    // A delta update's first segment names the map its skipped predecessors left in force.
    if (index === skipped && skipped > 0 && skippedMap !== mapInForce) lines.push(...mapChange(skippedMap));
    lines.push(...segmentHead(segment.discontinuity, segment.programDateTime, mapChange(segment.mapUri)));
    if (index >= partsFrom) lines.push(...segment.parts.map(extXPart));
    lines.push(extinf(segment.duration), segment.uri);
  });

  if (!snapshot.ended) {
    const inProgress = snapshot.inProgress;
    // The in-progress segment's tags only appear with its first part: a dangling
    // PROGRAM-DATE-TIME with nothing after it would belong to no segment.
    if (inProgress !== null && inProgress.parts.length > 0) {
      lines.push(
        ...segmentHead(inProgress.discontinuity, inProgress.programDateTime, mapChange(inProgress.mapUri)),
      );
      lines.push(...inProgress.parts.map(extXPart));
    }
    // App. B.1 (live LL-HLS): the playlist carries a preload hint for the next part.
    if (snapshot.preloadHint !== null) lines.push(extXPreloadHintPart(snapshot.preloadHint.uri));
  }

  lines.push(...snapshot.renditionReports.map(extXRenditionReport));
  if (snapshot.ended) lines.push(extXEndlist());
  return `${lines.join('\n')}\n`;
}

// App. B.1 and APL-AUTH 8.4: EXT-X-PROGRAM-DATE-TIME on every segment, so a client that only holds a
// delta update or a single segment still maps it to wall-clock time.
function segmentHead(discontinuity: boolean, programDateTime: Date, map: string[] = []): string[] {
  const head = discontinuity ? [extXDiscontinuity()] : [];
  head.push(...map, extXProgramDateTime(programDateTime));
  return head;
}

function assertConsecutiveMsns(snapshot: MediaPlaylistSnapshot): void {
  snapshot.segments.forEach((segment, index) => {
    if (segment.msn !== snapshot.firstMsn + index) {
      throw new RangeError(
        `segment ${segment.uri} has MSN ${segment.msn}, expected ${snapshot.firstMsn + index}`,
      );
    }
  });
}
