/**
 * Where the live edge of an LL-HLS media playlist is in wall-clock time, read from
 * EXT-X-PROGRAM-DATE-TIME (one wall-clock anchor per packaging session) plus the
 * durations after it. `now - endMs` growing over time means the stream falls behind
 * real time, wherever that happens (publisher, ingest, FFmpeg, cutting).
 */
export interface PlaylistEdge {
  /** Wall-clock ms (epoch) at the end of the newest part or segment; undefined before the first. */
  endMs: number | undefined;
  /** URIs of every EXT-X-PART listed. */
  partUris: string[];
}

const PDT = '#EXT-X-PROGRAM-DATE-TIME:';
const EXTINF = '#EXTINF:';
const PART = '#EXT-X-PART:';

export function playlistEdge(text: string): PlaylistEdge {
  const partUris: string[] = [];
  let anchor: number | undefined;
  let closedSeconds = 0; // whole segments after the anchor
  let openParts = 0; // parts after the last whole segment
  for (const line of text.split('\n')) {
    if (line.startsWith(PDT)) {
      const at = Date.parse(line.slice(PDT.length));
      if (Number.isFinite(at)) {
        anchor = at;
        closedSeconds = 0;
        openParts = 0;
      }
    } else if (line.startsWith(EXTINF)) {
      closedSeconds += Number.parseFloat(line.slice(EXTINF.length)) || 0;
      openParts = 0;
    } else if (line.startsWith(PART)) {
      const duration = /DURATION=([\d.]+)/.exec(line);
      const uri = /URI="([^"]+)"/.exec(line);
      openParts += duration ? Number(duration[1]) : 0;
      if (uri?.[1]) partUris.push(uri[1]);
    }
  }
  const endMs = anchor === undefined ? undefined : anchor + (closedSeconds + openParts) * 1000;
  return { endMs, partUris };
}
