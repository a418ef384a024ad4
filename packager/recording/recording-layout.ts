/**
 * Where a recording's files live, relative to its asset directory (`<dataDir>/recordings/<assetId>/`).
 * The same names are the VOD URLs under /vod/<assetId>/, so delivery validates requests against
 * exactly these shapes and nothing else is reachable (no journal, no temp file, no `..`):
 *
 *   index.m3u8                 HLS multivariant playlist (written when the recording is finalised)
 *   <track>.m3u8               HLS media playlist per track (PLAYLIST-TYPE:VOD, ENDLIST)
 *   manifest.mpd               static DASH MPD
 *   <track>/init-<v>.mp4       initialisation section of init version v
 *   <track>/<n>.m4s            the track's n-th recorded segment, 0, 1, 2... without holes
 *   <track>/journal.jsonl      what was recorded, one line per file (never served)
 */

export const MULTIVARIANT_PLAYLIST = 'index.m3u8';
export const MPD_FILE = 'manifest.mpd';
export const JOURNAL_FILE = 'journal.jsonl';

/**
 * A rendition/track id as a path segment ('video', 'audio', 'video-<ladder name>'): letters, digits,
 * '-' and '_', and never one of the root file stems (in any case, for case-insensitive disks).
 */
const TRACK_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const RESERVED_TRACK_IDS = new Set(['index', 'manifest']);

export function isTrackId(id: string): boolean {
  return TRACK_ID.test(id) && !RESERVED_TRACK_IDS.has(id.toLowerCase());
}

export function mediaPlaylistFile(track: string): string {
  return `${track}.m3u8`;
}

export function initFile(version: number): string {
  return `init-${version}.mp4`;
}

export function segmentFile(n: number): string {
  return `${n}.m4s`;
}

/** `segmentFile` as a DASH SegmentTemplate@media: the file number is the segment's $Number$. */
export const SEGMENT_FILE_TEMPLATE = '$Number$.m4s';

/** A file a player may ask for, by its path under the asset directory; undefined for anything else. */
export type RecordedFile =
  | { kind: 'multivariant' | 'mpd' }
  | { kind: 'media-playlist'; track: string }
  | { kind: 'init' | 'segment'; track: string };

/** Up to 9 digits, no leading zeros: one name per file, and nothing a filesystem would read differently. */
const NUMBER = '(?:0|[1-9][0-9]{0,8})';
const TRACK_FILE = new RegExp(`^(?:init-${NUMBER}\\.mp4|${NUMBER}\\.m4s)$`);

export function recordedFile(segments: readonly string[]): RecordedFile | undefined {
  if (segments.length === 1) {
    const [name] = segments as [string];
    if (name === MULTIVARIANT_PLAYLIST) return { kind: 'multivariant' };
    if (name === MPD_FILE) return { kind: 'mpd' };
    const track = name.endsWith('.m3u8') ? name.slice(0, -'.m3u8'.length) : undefined;
    if (track !== undefined && isTrackId(track)) return { kind: 'media-playlist', track };
    return undefined;
  }
  if (segments.length === 2) {
    const [track, name] = segments as [string, string];
    if (!isTrackId(track) || !TRACK_FILE.test(name)) return undefined;
    return { kind: name.startsWith('init-') ? 'init' : 'segment', track };
  }
  return undefined;
}
