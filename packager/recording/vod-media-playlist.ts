import { extXDiscontinuity } from '../hls/tags/ext-x-discontinuity.ts';
import { extXEndlist } from '../hls/tags/ext-x-endlist.ts';
import { extXMap } from '../hls/tags/ext-x-map.ts';
import { extXMediaSequence } from '../hls/tags/ext-x-media-sequence.ts';
import { extXPlaylistTypeVod } from '../hls/tags/ext-x-playlist-type.ts';
import { extXProgramDateTime } from '../hls/tags/ext-x-program-date-time.ts';
import { extXTargetDuration } from '../hls/tags/ext-x-targetduration.ts';
import { extXVersion, VERSION_FMP4 } from '../hls/tags/ext-x-version.ts';
import { extinf } from '../hls/tags/extinf.ts';
import { extm3u } from '../hls/tags/extm3u.ts';

/** One recorded segment as the VOD playlist lists it. */
export interface VodSegment {
  readonly uri: string;
  /** Seconds. */
  readonly duration: number;
  readonly programDateTime: Date;
  /** EXT-X-DISCONTINUITY before it: the source restarted, or the recording lost segments. */
  readonly discontinuity: boolean;
  /** Its initialisation section; a change from the previous segment writes a new EXT-X-MAP. */
  readonly mapUri: string;
}

/**
 * Renders a VOD media playlist: every segment, no parts, no server control. Pure; ends in a newline.
 *
 *   header    EXTM3U, VERSION 6 (EXT-X-MAP), TARGETDURATION, PLAYLIST-TYPE:VOD, MEDIA-SEQUENCE 0, MAP
 *   segments  [DISCONTINUITY] [MAP] PROGRAM-DATE-TIME EXTINF uri
 *   ENDLIST
 */
export function renderVodMediaPlaylist(segments: readonly VodSegment[]): string {
  const first = segments[0];
  if (first === undefined) throw new RangeError('a VOD playlist needs at least one segment');
  // §4.4.3.1: each EXTINF rounded to the nearest integer must not exceed the target duration.
  const targetDuration = Math.max(1, ...segments.map((s) => Math.round(s.duration)));
  const lines = [
    extm3u(),
    extXVersion(VERSION_FMP4),
    extXTargetDuration(targetDuration),
    extXPlaylistTypeVod(),
    extXMediaSequence(0),
    extXMap(first.mapUri),
  ];
  let mapInForce = first.mapUri;
  segments.forEach((segment, index) => {
    // A discontinuity before the first segment would separate it from nothing.
    if (segment.discontinuity && index > 0) lines.push(extXDiscontinuity());
    if (segment.mapUri !== mapInForce) {
      lines.push(extXMap(segment.mapUri));
      mapInForce = segment.mapUri;
    }
    lines.push(extXProgramDateTime(segment.programDateTime), extinf(segment.duration), segment.uri);
  });
  lines.push(extXEndlist());
  return `${lines.join('\n')}\n`;
}
