import { z } from '@hono/zod-openapi';

/** A stream name appears in playback URLs, so it is a URL-safe slug. */
export const streamName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,63}$/,
    'lowercase letters, digits, "-" and "_", starting with a letter or digit, at most 64',
  )
  .openapi({ example: 'main-stage' });

const partTargetSeconds = z
  .number()
  .min(0.1)
  .max(2)
  .openapi({ description: 'LL-HLS part target in seconds', example: 0.2 });
const segmentTargetSeconds = z
  .number()
  .min(0.5)
  .max(10)
  .openapi({ description: 'Segment target in seconds', example: 2 });

export const createStreamBody = z
  .strictObject({
    name: streamName,
    enabled: z.boolean().optional(),
    partTargetSeconds: partTargetSeconds.optional(),
    segmentTargetSeconds: segmentTargetSeconds.optional(),
  })
  .refine((v) => (v.partTargetSeconds ?? 0) <= (v.segmentTargetSeconds ?? Number.POSITIVE_INFINITY), {
    message: 'partTargetSeconds must not exceed segmentTargetSeconds',
    path: ['partTargetSeconds'],
  })
  .openapi('CreateStream');

export const updateStreamBody = z
  .strictObject({
    name: streamName.optional(),
    enabled: z.boolean().optional(),
    partTargetSeconds: partTargetSeconds.optional(),
    segmentTargetSeconds: segmentTargetSeconds.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' })
  .openapi('UpdateStream');

export const streamIdParam = z.object({
  id: z
    .string()
    .regex(/^str_[A-Za-z0-9_-]{12}$/, 'a stream id such as str_AbC123dEf456')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listStreamsQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .openapi({ param: { name: 'limit', in: 'query' }, example: 50 }),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .openapi({ param: { name: 'offset', in: 'query' }, example: 0 }),
  enabled: booleanQuery.optional().openapi({ param: { name: 'enabled', in: 'query' } }),
  name: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .openapi({ param: { name: 'name', in: 'query', description: 'substring of the name' } }),
});

export const streamView = z
  .object({
    id: z.string(),
    name: z.string(),
    streamKey: z.string().openapi({ description: 'Secret publish key; masked for read-only API keys' }),
    enabled: z.boolean(),
    udpPort: z.number().int(),
    partTargetSeconds: z.number(),
    segmentTargetSeconds: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    ingest: z.object({
      rtmp: z.string(),
      srt: z.string(),
      udp: z.string(),
      obs: z.object({ server: z.string(), streamKey: z.string() }),
    }),
    playback: z.object({ hls: z.string(), dash: z.string(), player: z.string() }),
  })
  .openapi('Stream');

export const streamPage = z
  .object({
    items: z.array(streamView),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .openapi('StreamPage');

export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  })
  .openapi('Problem');
