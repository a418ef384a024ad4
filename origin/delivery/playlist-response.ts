import type { Context } from 'hono';
import { CorsHeaders, type CorsVariant } from './cors-headers.ts';
import type { RenderedPlaylist } from './rendered-playlists.ts';

const playlistType = 'application/vnd.apple.mpegurl';
const acceptsGzip = /\bgzip\b/;

/**
 * Playlist responses, gzip-compressed when the client accepts it (LL-HLS App. B.1:
 * playlists are reloaded several times a second; compression cuts their cost ~5x).
 * hono/compress skips this content type, hence our own. The few header sets there
 * are (cache-control x encoding x CORS) are built once and shared.
 */
export class PlaylistResponses {
  readonly #cors: CorsHeaders;
  readonly #headers = new Map<string, Headers>();

  constructor(cors: CorsHeaders) {
    this.#cors = cors;
  }

  respond(
    request: Request,
    playlist: RenderedPlaylist,
    cacheControl: string,
    variant: CorsVariant,
    contentType = playlistType,
  ): Response {
    const gzip = acceptsGzip.test(request.headers.get('accept-encoding') ?? '');
    const key = `${variant}\n${gzip}\n${cacheControl}\n${contentType}`;
    let headers = this.#headers.get(key);
    if (!headers) {
      headers = new Headers({
        'content-type': contentType,
        'cache-control': cacheControl,
        vary: 'accept-encoding',
      });
      if (gzip) headers.set('content-encoding', 'gzip');
      this.#cors.apply(headers, variant);
      this.#headers.set(key, headers);
    }
    return new Response(playlist.body(gzip), { status: 200, headers });
  }
}

// For Hono apps, whose hono/cors middleware adds the CORS headers itself.
const withoutCors = new PlaylistResponses(new CorsHeaders({ origin: '*', exposeHeaders: [] }));

export function playlistResponse(
  c: Context,
  playlist: RenderedPlaylist,
  cacheControl: string,
  contentType = playlistType,
): Response {
  return withoutCors.respond(c.req.raw, playlist, cacheControl, 'none', contentType);
}
