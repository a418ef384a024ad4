import type { Hono } from 'hono';

/**
 * A way around Hono's router and middleware chain for a delivery app's hot requests
 * (playlists and media, thousands of held viewers): a GET is answered whole, CORS
 * included, or declined (undefined) and then routed by Hono as usual. `path` is
 * relative to where the app is mounted; `route` is the Hono pattern that would have
 * answered (relative too), for metrics labels. `server` is what Bun.serve passed beside
 * the request (its `requestIP` gives the client's address, for the viewer tally).
 */
export interface DirectAnswer {
  route: string;
  response: Response | Promise<Response>;
}

export type DirectRoute = (
  request: Request,
  path: string,
  requestId?: string,
  server?: unknown,
) => DirectAnswer | undefined;

/** A Hono app that also answers its hot requests directly. */
export type DirectRoutedApp = Hono & { direct: DirectRoute };

export function directRouteOf(app: Hono): DirectRoute | undefined {
  const direct = (app as Partial<DirectRoutedApp>).direct;
  return typeof direct === 'function' ? direct : undefined;
}
