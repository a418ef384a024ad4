import { decimalInteger } from '../attribute-list.ts';

// §4.4.5.2: "The EXT-X-SKIP tag indicates that one or more Media Segments have been skipped and that
// the Client should use the Media Segments from the previous Playlist ... SKIPPED-SEGMENTS: The value
// is a decimal-integer specifying the number of Media Segments replaced by the EXT-X-SKIP tag."
// We publish no EXT-X-DATERANGE, so RECENTLY-REMOVED-DATERANGES never applies (and version 10 with it).
export function extXSkip(skippedSegments: number): string {
  return `#EXT-X-SKIP:SKIPPED-SEGMENTS=${decimalInteger(skippedSegments)}`;
}
