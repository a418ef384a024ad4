import type { Context } from 'hono';
import type { RenderedPlaylist } from './rendered-playlists.ts';

const playlistType = 'application/vnd.apple.mpegurl';

/**
 * A playlist response, gzip-compressed when the client accepts it (LL-HLS App. B.1:
 * playlists are reloaded several times a second; compression cuts their cost ~5x).
 * hono/compress skips this content type, hence our own.
 */
export function playlistResponse(
  c: Context,
  playlist: RenderedPlaylist,
  cacheControl: string,
  contentType = playlistType,
): Response {
  const headers: Record<string, string> = {
    'content-type': contentType,
    'cache-control': cacheControl,
    vary: 'accept-encoding',
  };
  if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    return new Response(playlist.gzipped() as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: { ...headers, 'content-encoding': 'gzip' },
    });
  }
  return new Response(playlist.bytes as Uint8Array<ArrayBuffer>, { status: 200, headers });
}
