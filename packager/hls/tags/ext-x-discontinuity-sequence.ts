import { decimalInteger } from '../attribute-list.ts';

// §4.4.3.3: "The EXT-X-DISCONTINUITY-SEQUENCE tag allows synchronization between different Renditions
// of the same Variant Stream or different Variant Streams that have EXT-X-DISCONTINUITY tags".
export function extXDiscontinuitySequence(sequence: number): string {
  return `#EXT-X-DISCONTINUITY-SEQUENCE:${decimalInteger(sequence)}`;
}
