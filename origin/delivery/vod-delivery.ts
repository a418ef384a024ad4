import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { NotFoundError } from '../../defs/errors.ts';
import type { AssetStore } from '../../defs/ports.ts';
import { type RecordedFile, recordedFile } from '../../packager/recording/recording-layout.ts';
import { assetPath } from '../../state/sqlite/asset-store.ts';
import { problemResponse } from '../http/problem-response.ts';
import { parseByteRange } from './byte-range.ts';

export interface VodDeliveryOptions {
  assets: Pick<AssetStore, 'get'>;
  /** The data directory; an asset's files are under `recordings/<id>` in it. */
  dataDir: string;
  corsOrigin: string;
}

const ASSET_ID = /^ast_[A-Za-z0-9_-]{12}$/;
/** Media never changes under its name; manifests neither, but a deleted asset should not live on for long. */
const MEDIA_CACHE = 'public, max-age=31536000, immutable';
const MANIFEST_CACHE = 'public, max-age=60';

function contentTypeOf(file: RecordedFile): string {
  switch (file.kind) {
    case 'multivariant':
    case 'media-playlist':
      return 'application/vnd.apple.mpegurl';
    case 'mpd':
      return 'application/dash+xml';
    default:
      // Track ids say what they carry ('audio', 'video-720p'); players go by the init, not this.
      return file.track.startsWith('audio') ? 'audio/mp4' : 'video/mp4';
  }
}

/**
 * Recorded sessions as VOD from disk at /vod/<assetId>/... (layout in
 * packager/recording/recording-layout.ts). Only an asset that is `ready` is served, and only
 * file names of exactly that layout: nothing else under the data directory is reachable, whatever
 * the path says. Media: immutable, ETag, single byte ranges (RFC 9110 §14).
 */
export function vodDelivery(options: VodDeliveryOptions) {
  const app = new Hono();
  app.onError((error, c) => problemResponse(error, c));
  app.use(
    '*',
    cors({ origin: options.corsOrigin, exposeHeaders: ['content-length', 'content-range', 'etag'] }),
  );

  const serve = async (c: Context, id: string, path: string[]) => {
    const file = recordedFile(path);
    if (!ASSET_ID.test(id) || !file) throw new NotFoundError(`Nothing at /vod/${id}/${path.join('/')}.`);
    const asset = options.assets.get(id);
    if (!asset) throw new NotFoundError(`No asset with id ${id}.`);
    if (asset.state !== 'ready')
      throw new NotFoundError(
        `Asset ${id} is not playable (${asset.state}); its manifests exist once it is ready.`,
      );
    // The directory comes from the validated id, never from a stored path.
    const absolute = join(options.dataDir, assetPath(id), ...path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info?.isFile()) throw new NotFoundError(`Asset ${id} has no ${path.join('/')}.`);

    const etag = `"${id}-${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}"`;
    const media = file.kind === 'init' || file.kind === 'segment';
    const headers: Record<string, string> = {
      'content-type': contentTypeOf(file),
      'cache-control': media ? MEDIA_CACHE : MANIFEST_CACHE,
      etag,
      'accept-ranges': 'bytes',
      'last-modified': new Date(info.mtimeMs).toUTCString(),
    };
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*'))
      return new Response(null, { status: 304, headers });
    const body = Bun.file(absolute);
    const range = parseByteRange(c.req.header('range'), info.size);
    if (range.kind === 'unsatisfiable')
      return new Response(null, {
        status: 416,
        headers: { ...headers, 'content-range': `bytes */${info.size}` },
      });
    if (range.kind === 'partial')
      return new Response(body.slice(range.start, range.end + 1), {
        status: 206,
        headers: { ...headers, 'content-range': `bytes ${range.start}-${range.end}/${info.size}` },
      });
    return new Response(body, { status: 200, headers });
  };

  app.get('/:id/:file', (c) => serve(c, c.req.param('id'), [c.req.param('file')]));
  app.get('/:id/:track/:file', (c) =>
    serve(c, c.req.param('id'), [c.req.param('track'), c.req.param('file')]),
  );
  return app;
}
