import { quotedString } from '../attribute-list.ts';

// §4.4.4.5: "The EXT-X-MAP tag specifies how to obtain the Media Initialization Section required to
// parse the applicable Media Segments. It applies to every Media Segment that appears after it".
// One per playlist: every fMP4 segment of a track shares the same `moov`.
export function extXMap(uri: string): string {
  return `#EXT-X-MAP:URI=${quotedString(uri)}`;
}
