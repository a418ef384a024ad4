import { z } from '@hono/zod-openapi';
import { assetStates } from '../../defs/asset.ts';
import { pageQuery } from './page-query.ts';

export const assetIdParam = z.object({
  id: z
    .string()
    .regex(/^ast_[A-Za-z0-9_-]{12}$/, 'an asset id such as ast_AbC123dEf456')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const assetState = z.enum(assetStates).openapi({
  description: '`recording` while the stream is live; `ready` to play; `failed` (see failureReason)',
});

export const listAssetsQuery = z.object({
  ...pageQuery,
  streamId: z
    .string()
    .regex(/^str_[A-Za-z0-9_-]{12}$/, 'a stream id such as str_AbC123dEf456')
    .optional()
    .openapi({ param: { name: 'streamId', in: 'query', description: 'recordings of this stream' } }),
  streamName: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .openapi({
      param: { name: 'streamName', in: 'query', description: 'recordings of the stream by this name' },
    }),
  state: assetState.optional().openapi({ param: { name: 'state', in: 'query' } }),
});

export const assetView = z
  .object({
    id: z.string(),
    streamId: z.string(),
    streamName: z.string(),
    state: assetState,
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    durationSeconds: z.number().openapi({ description: 'Media seconds recorded (so far, while recording)' }),
    bytes: z.number().int().openapi({ description: 'Bytes of media on disk' }),
    segmentCount: z.number().int(),
    failureReason: z.string().nullable(),
    playback: z
      .object({ hls: z.string(), dash: z.string() })
      .nullable()
      .openapi({ description: 'VOD URLs once the asset is ready; null before (and when it failed)' }),
  })
  .openapi('Asset');

export const assetPage = z
  .object({
    items: z.array(assetView),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .openapi('AssetPage');
