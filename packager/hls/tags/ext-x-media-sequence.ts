import { decimalInteger } from '../attribute-list.ts';

// §4.4.3.2: "The EXT-X-MEDIA-SEQUENCE tag indicates the Media Sequence Number of the first Media
// Segment that appears in a Playlist file." In a delta update the skipped segments still count.
export function extXMediaSequence(firstMsn: number): string {
  return `#EXT-X-MEDIA-SEQUENCE:${decimalInteger(firstMsn)}`;
}
