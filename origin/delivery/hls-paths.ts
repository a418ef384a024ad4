/**
 * The LL-HLS URL layout (packager/live/hls-snapshot.ts) as Hono route patterns, and the
 * same matching without a router for the hot path. `parseHlsPath` accepts a subset of
 * what the patterns accept (plain paths only); whatever it declines goes to Hono.
 */
export const HLS_ROUTES = {
  multivariant: '/:name/index.m3u8',
  // video.m3u8 / audio.m3u8, or one per ladder rendition (video-720p.m3u8).
  mediaPlaylist: '/:name/:playlist{[a-z0-9-]{1,32}\\.m3u8}',
  media: '/:name/:track{[a-z0-9-]{1,32}}/:run/:file{init(-\\d+)?\\.mp4|\\d+(\\.\\d+)?\\.m4s}',
} as const;

export type HlsPath =
  | { kind: 'multivariant'; name: string }
  | { kind: 'media-playlist'; name: string; track: string }
  | { kind: 'media'; name: string; track: string; run: string; file: string };

const PLAYLIST_FILE = /^[a-z0-9-]{1,32}\.m3u8$/;
const TRACK = /^[a-z0-9-]{1,32}$/;
const MEDIA_FILE = /^(?:init(?:-\d+)?\.mp4|\d+(?:\.\d+)?\.m4s)$/;

/**
 * `/<name>/<file>` or `/<name>/<track>/<run>/<file>`, already cut from the query string.
 * Undefined for anything else, and for percent-encoded paths (Hono decodes those).
 */
export function parseHlsPath(path: string): HlsPath | undefined {
  if (path.charCodeAt(0) !== 47 || path.includes('%')) return undefined;
  const afterName = path.indexOf('/', 1);
  if (afterName <= 1) return undefined;
  const name = path.slice(1, afterName);
  const afterTrack = path.indexOf('/', afterName + 1);
  if (afterTrack === -1) {
    const file = path.slice(afterName + 1);
    if (file === 'index.m3u8') return { kind: 'multivariant', name };
    if (!PLAYLIST_FILE.test(file)) return undefined;
    return { kind: 'media-playlist', name, track: file.slice(0, -'.m3u8'.length) };
  }
  const afterRun = path.indexOf('/', afterTrack + 1);
  if (afterRun === -1 || path.indexOf('/', afterRun + 1) !== -1) return undefined;
  const track = path.slice(afterName + 1, afterTrack);
  const run = path.slice(afterTrack + 1, afterRun);
  const file = path.slice(afterRun + 1);
  if (!TRACK.test(track) || !run || !MEDIA_FILE.test(file)) return undefined;
  return { kind: 'media', name, track, run, file };
}

/** The path of a request URL (`http://host/path?query`), without query or fragment. */
export function pathOfUrl(url: string): string {
  const start = url.indexOf('/', url.indexOf(':') + 3);
  if (start === -1) return '/';
  let end = url.length;
  const query = url.indexOf('?', start);
  if (query !== -1) end = query;
  const hash = url.indexOf('#', start);
  if (hash !== -1 && hash < end) end = hash;
  return url.slice(start, end);
}
