import { attributeList, decimalInteger, quotedString } from '../attribute-list.ts';
import type { RenditionReportSnapshot } from '../media-playlist-snapshot.ts';

// §4.4.5.4: "The EXT-X-RENDITION-REPORT tag carries information about an associated Rendition that is
// as up-to-date as the Playlist that contains it." "LAST-MSN ... the Media Sequence Number of the last
// Media Segment currently in the specified Rendition." "LAST-PART ... the Part Index of the last
// Partial Segment currently in the specified Rendition whose Media Sequence Number is equal to the
// LAST-MSN attribute value."
export function extXRenditionReport(report: RenditionReportSnapshot): string {
  return `#EXT-X-RENDITION-REPORT:${attributeList([
    ['URI', quotedString(report.uri)],
    ['LAST-MSN', decimalInteger(report.lastMsn)],
    ['LAST-PART', report.lastPart === null ? undefined : decimalInteger(report.lastPart)],
  ])}`;
}
