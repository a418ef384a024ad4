/**
 * How much media a rendition has produced, from its LL-HLS media playlist: the live
 * edge is the last segment's EXT-X-PROGRAM-DATE-TIME + its EXTINF + the parts listed
 * after it (the segment being made). Within one FFmpeg session program date-time is
 * the session's anchor + media time, so edge(t2) - edge(t1) is the media produced
 * between two reads: divided by the wall time, the real-time factor.
 */

export interface EdgeReading {
  /** Wall clock of the read, ms since the epoch. */
  at: number;
  /** Media edge as program date-time, ms since the epoch. */
  edgeMs: number;
  /** Media sequence number of the segment being made (or after the last one). */
  nextMsn: number;
  discontinuitySequence: number;
}

export function parseEdge(playlist: string, at: number): EdgeReading | undefined {
  let msn = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(playlist)?.[1] ?? Number.NaN);
  const discontinuitySequence = Number(/#EXT-X-DISCONTINUITY-SEQUENCE:(\d+)/.exec(playlist)?.[1] ?? 0);
  let pdt: number | undefined;
  let edge: number | undefined;
  let trailingParts = 0;
  for (const line of playlist.split('\n')) {
    if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pdt = Date.parse(line.slice(25));
    else if (line.startsWith('#EXTINF:') && pdt !== undefined) {
      edge = pdt + Number.parseFloat(line.slice(8)) * 1000;
      pdt = edge; // the next segment starts where this one ends unless it carries its own tag
      trailingParts = 0;
      msn++;
    } else if (line.startsWith('#EXT-X-PART:')) {
      trailingParts += Number(/DURATION=([\d.]+)/.exec(line)?.[1] ?? 0) * 1000;
    }
  }
  if (edge === undefined || Number.isNaN(msn)) return undefined;
  return { at, edgeMs: edge + trailingParts, nextMsn: msn, discontinuitySequence };
}

export async function readEdge(url: string): Promise<EdgeReading | undefined> {
  const res = await fetch(url).catch(() => undefined);
  if (!res?.ok) return undefined;
  return parseEdge(await res.text(), Date.now());
}

/** Media playlists of a multivariant playlist: video variants and EXT-X-MEDIA renditions, as absolute URLs. */
export function mediaPlaylists(multivariant: string, base: string): { name: string; url: string }[] {
  const uris = [
    ...[...multivariant.matchAll(/#EXT-X-MEDIA:[^\n]*URI="([^"]+)"/g)].map((m) => m[1] as string),
    ...multivariant.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#')),
  ];
  return [...new Set(uris.map((u) => u.trim()))].map((uri) => ({
    name: uri.replace(/\.m3u8.*$/, ''),
    url: new URL(uri, base).href,
  }));
}
