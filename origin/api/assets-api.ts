import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AssetRecord } from '../../defs/asset.ts';
import { ConflictError, NotFoundError } from '../../defs/errors.ts';
import type { AssetStore } from '../../defs/ports.ts';
import type { Caller } from '../http/api-key-auth.ts';
import { removeAsset } from '../recording/remove-asset.ts';
import { assetIdParam, assetPage, assetView, listAssetsQuery } from './asset-schemas.ts';
import { jsonResponse } from './json-content.ts';
import { problemResponses } from './problem-responses.ts';
import type { UrlSettings } from './stream-urls.ts';
import { throwOnInvalid } from './validation-hook.ts';

export interface AssetsApiOptions {
  assets: AssetStore;
  /** The data directory; an asset's files are under `recordings/<id>` in it. */
  dataDir: string;
  urls: Pick<UrlSettings, 'publicBaseUrl'>;
}

const tags = ['assets'];
const security = [{ bearer: [] }];

const routes = {
  list: createRoute({
    method: 'get',
    path: '/',
    tags,
    security,
    summary: 'List recordings (VOD assets), newest first',
    request: { query: listAssetsQuery },
    responses: { 200: jsonResponse(assetPage, 'A page of assets'), ...problemResponses(400, 401) },
  }),
  get: createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    security,
    summary: 'Get a recording, with its HLS and DASH playback URLs once ready',
    request: { params: assetIdParam },
    responses: { 200: jsonResponse(assetView, 'The asset'), ...problemResponses(400, 401, 404) },
  }),
  delete: createRoute({
    method: 'delete',
    path: '/{id}',
    tags,
    security,
    summary: 'Delete a recording and its files (not while it is still recording)',
    request: { params: assetIdParam },
    responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 401, 403, 404, 409) },
  }),
};

/** `/api/v1/assets`: recorded live sessions, playable as VOD at /vod/<id>/ once ready. */
export function assetsApi(options: AssetsApiOptions) {
  const { assets, urls } = options;
  const app = new OpenAPIHono<{ Variables: { caller: Caller } }>({ defaultHook: throwOnInvalid });

  const view = (asset: AssetRecord) => {
    const { path: _path, ...shown } = asset;
    const base = `${urls.publicBaseUrl}/vod/${asset.id}`;
    return {
      ...shown,
      playback: asset.state === 'ready' ? { hls: `${base}/index.m3u8`, dash: `${base}/manifest.mpd` } : null,
    };
  };
  const mustExist = (id: string): AssetRecord => {
    const asset = assets.get(id);
    if (!asset) throw new NotFoundError(`No asset with id ${id}.`);
    return asset;
  };

  app.openapi(routes.list, (c) => {
    const query = c.req.valid('query');
    const page = assets.list(query);
    return c.json({ ...page, items: page.items.map(view) }, 200);
  });

  app.openapi(routes.get, (c) => c.json(view(mustExist(c.req.valid('param').id)), 200));

  app.openapi(routes.delete, async (c) => {
    const { id } = c.req.valid('param');
    const asset = mustExist(id);
    if (asset.state === 'recording')
      throw new ConflictError(`Asset ${id} is still recording; it can be deleted once its stream ends.`);
    await removeAsset({ assets, dataDir: options.dataDir }, asset);
    return c.body(null, 204);
  });

  return app;
}
