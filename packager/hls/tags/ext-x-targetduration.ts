import { decimalInteger } from '../attribute-list.ts';

// §4.4.3.1: "The EXTINF duration of each Media Segment in a Playlist file, when rounded to the nearest
// integer, MUST be less than or equal to the Target Duration. ... The value is a decimal-integer".
export function extXTargetDuration(targetDuration: number): string {
  return `#EXT-X-TARGETDURATION:${decimalInteger(targetDuration)}`;
}
