import { resolve } from 'node:path';
import { Hono } from 'hono';
import { ValidationError } from '../../defs/errors.ts';
import { problemResponse } from '../http/problem-response.ts';
import { BrowserBundle, bundleFiles } from './browser-bundle.ts';
import { playerPage } from './player-page.ts';

export interface PlayerDeliveryOptions {
  /** Absolute public base URL (no trailing slash), for the embed snippet; default: the request's origin. */
  baseUrl?: () => string;
  /** Default: a new build of player/watch/watch-main.ts, started now (about 0.1 s). */
  bundle?: BrowserBundle;
}

// The stream-name rule of the API (origin/api/stream-schemas.ts): URL-safe slugs.
const STREAM_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * The viewer: `/watch/<stream>` (page with the embed snippet), `/embed/<stream>` (the
 * player alone, for an iframe) and the built script at `/player/<name>-<hash>.js`.
 * Pages are no-cache (they name the current build); hashed files never change: immutable.
 * Mounted at the root.
 */
export function playerDelivery(options: PlayerDeliveryOptions = {}) {
  const bundle =
    options.bundle ??
    new BrowserBundle({ entrypoints: [resolve(import.meta.dir, '../../player/watch/watch-main.ts')] });
  // Built in memory while the origin starts listening; a page request waits for it.
  bundle.start();
  const app = new Hono();
  app.onError((error, c) => problemResponse(error, c));

  for (const variant of ['watch', 'embed'] as const) {
    app.get(`/${variant}/:name`, async (c) => {
      const stream = c.req.param('name');
      if (!STREAM_NAME.test(stream)) {
        const message = 'lowercase letters, digits, "-" and "_", starting with a letter or digit, at most 64';
        throw new ValidationError(`"${stream.slice(0, 80)}" is not a stream name: ${message}.`, [
          { path: 'path.name', message },
        ]);
      }
      const protocol = c.req.query('protocol') === 'dash' ? 'dash' : 'hls';
      const built = await bundle.built();
      const baseUrl = options.baseUrl?.() || new URL(c.req.url).origin;
      return c.html(playerPage({ stream, variant, bundle: built, baseUrl, protocol }), 200, {
        'cache-control': 'no-cache',
      });
    });
  }

  // Content-hashed script and chunks (hls.js and dash.js load only when a page picks them).
  app.route('/player', bundleFiles(bundle));
  return app;
}
