import { decimalFloat } from '../attribute-list.ts';

// §4.4.3.7: "The EXT-X-PART-INF tag provides information about the Partial Segments in the Playlist.
// It is REQUIRED if a Playlist contains one or more EXT-X-PART tags." PART-TARGET is "the Part Target
// Duration", the upper bound of every part's DURATION.
export function extXPartInf(partTarget: number): string {
  return `#EXT-X-PART-INF:PART-TARGET=${decimalFloat(partTarget)}`;
}
