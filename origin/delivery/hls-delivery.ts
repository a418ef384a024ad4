import { Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import type { LiveStreams } from '../../packager/live/live-streams.ts';
import { problemResponse } from '../http/problem-response.ts';
import { CorsHeaders, type CorsVariant } from './cors-headers.ts';
import type { DirectAnswer, DirectRoutedApp } from './direct-route.ts';
import { HLS_ROUTES, parseHlsPath, pathOfUrl } from './hls-paths.ts';
import { BlockingTimeoutError, HlsResponder, type HlsResponderOptions } from './hls-responder.ts';

export interface HlsDeliveryOptions {
  live: Pick<LiveStreams, 'get'>;
  corsOrigin: string;
  /** Blocked playlist requests right now (a gauge), for metrics. */
  onWaitingChange?: (delta: number) => void;
  /**
   * Media kept as ready response bodies, newest first (media-bodies.ts): on top of the
   * packagers' memory bound, at most twice this. 32 MiB by default.
   */
  mediaBodyBytes?: number;
  /** Counts who polls the playlists (viewers per stream). */
  viewers?: HlsResponderOptions['viewers'];
}

const EXPOSE_HEADERS = ['content-length', 'content-range', 'etag'];

/**
 * LL-HLS from memory at /hls/<stream>/... (layout in packager/live/hls-snapshot.ts,
 * answers in hls-responder.ts). A GET goes straight to the responder (`direct`, also
 * used by http-app.ts when this app is mounted); the Hono routes answer the rest
 * (HEAD, preflights, percent-encoded paths) and mounts in other Hono apps, with the
 * same responder, so both ways give the same responses.
 */
export function hlsDelivery(options: HlsDeliveryOptions): DirectRoutedApp {
  const corsHeaders = new CorsHeaders({ origin: options.corsOrigin, exposeHeaders: EXPOSE_HEADERS });
  const responder = new HlsResponder({
    live: options.live,
    cors: corsHeaders,
    onWaitingChange: options.onWaitingChange,
    mediaBodyBytes: options.mediaBodyBytes,
    viewers: options.viewers,
  });

  const app = new Hono();
  // Its own error renderer: the delivery app also runs alone (edge nodes, tests).
  app.onError((error, c) => {
    if (error instanceof BlockingTimeoutError) c.header('cache-control', error.cacheControl);
    return problemResponse(error, c);
  });
  app.use('*', cors({ origin: options.corsOrigin, exposeHeaders: EXPOSE_HEADERS }));
  // hono/cors adds the CORS headers on this way: the responder adds none ('none').
  app.get(HLS_ROUTES.multivariant, (c) => responder.multivariant(c.req.param('name'), c.req.raw, 'none'));
  app.get(HLS_ROUTES.mediaPlaylist, (c) =>
    responder.mediaPlaylist(
      c.req.param('name'),
      c.req.param('playlist').replace('.m3u8', ''),
      c.req.raw,
      'none',
    ),
  );
  app.get(HLS_ROUTES.media, (c) =>
    responder.media(
      c.req.param('name'),
      c.req.param('track'),
      c.req.param('run'),
      c.req.param('file'),
      c.req.raw,
      'none',
    ),
  );

  // A failed request rendered as the Hono way does: problem+json, CORS, the request id.
  const problem = (error: unknown, request: Request, variant: CorsVariant, requestId?: string) => {
    const c = new Context(request);
    if (requestId) c.set('requestId' as never, requestId as never);
    if (error instanceof BlockingTimeoutError) c.header('cache-control', error.cacheControl);
    const response = problemResponse(error, c);
    corsHeaders.apply(response.headers, variant);
    return response;
  };

  const direct = (
    request: Request,
    path: string,
    requestId?: string,
    server?: unknown,
  ): DirectAnswer | undefined => {
    const parsed = parseHlsPath(path);
    if (!parsed) return undefined;
    // The pattern Hono's metrics saw: the last matching route (index.m3u8 matches both).
    const route = parsed.kind === 'media' ? HLS_ROUTES.media : HLS_ROUTES.mediaPlaylist;
    const variant = corsHeaders.variantOf(request);
    try {
      const answer = responder.answer(parsed, request, variant, server);
      return {
        route,
        response:
          answer instanceof Promise
            ? answer.catch((error: unknown) => problem(error, request, variant, requestId))
            : answer,
      };
    } catch (error) {
      return { route, response: problem(error, request, variant, requestId) };
    }
  };

  const routed = app.fetch;
  app.fetch = (request, env, executionCtx) =>
    (request.method === 'GET'
      ? direct(request, pathOfUrl(request.url), undefined, env)?.response
      : undefined) ?? routed(request, env, executionCtx);
  return Object.assign(app, { direct });
}
