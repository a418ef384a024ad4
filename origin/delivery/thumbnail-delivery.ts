import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { NotFoundError } from '../../defs/errors.ts';
import type { Thumbnails } from '../../packager/live/thumbnails.ts';
import { problemResponse } from '../http/problem-response.ts';

/** `/thumbnails/<stream>.jpg`: the stream's latest preview image (console, operators' pages). */
export function thumbnailDelivery(options: { thumbnails: Pick<Thumbnails, 'get'>; corsOrigin: string }) {
  const app = new Hono();
  app.onError((error, c) => problemResponse(error, c));
  app.use('*', cors({ origin: options.corsOrigin, exposeHeaders: ['etag', 'last-modified'] }));
  app.get('/:file{[a-z0-9][a-z0-9_-]{0,63}\\.jpg}', async (c) => {
    const name = c.req.param('file').replace(/\.jpg$/, '');
    // Made on request: a stream's first request waits for one frame's decode.
    const thumbnail = await options.thumbnails.get(name);
    if (!thumbnail) throw new NotFoundError(`No preview for "${name}" (not live, or no keyframe yet).`);
    const etag = `"${name}-${thumbnail.msn}-${thumbnail.capturedAtMs}"`;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { etag });
    return c.body(thumbnail.jpeg as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'image/jpeg',
      // Refreshed every few seconds: short caching keeps CDNs and consoles close to live.
      'cache-control': 'public, max-age=2',
      etag,
      'last-modified': new Date(thumbnail.capturedAtMs).toUTCString(),
    });
  });
  return app;
}
