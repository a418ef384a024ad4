import { z } from 'zod';

/**
 * Control API v3 shapes (bluenviron/mediamtx api/openapi.yaml, schemas Path, PathList,
 * PathSource, PathReader, Error). Parsing keeps what the origin uses and drops the rest,
 * so a release that adds fields still parses. Releases renamed some fields (ready ->
 * available, bytesReceived -> inboundBytes, tracks -> tracks2); both spellings are read.
 */
const pathSource = z.object({ type: z.string(), id: z.string().default('') });
const pathReader = z.object({ type: z.string(), id: z.string().default('') });
const count = z.number().int().nonnegative();

const pathWire = z.object({
  name: z.string().min(1),
  confName: z.string().default(''),
  source: pathSource.nullish(),
  ready: z.boolean().optional(),
  available: z.boolean().optional(),
  readyTime: z.string().nullish(),
  availableTime: z.string().nullish(),
  tracks: z.array(z.string()).optional(),
  tracks2: z.array(z.object({ codec: z.string() })).optional(),
  bytesReceived: count.optional(),
  inboundBytes: count.optional(),
  bytesSent: count.optional(),
  outboundBytes: count.optional(),
  readers: z.array(pathReader).nullish(),
});

/** One MediaMTX path, in one spelling whatever the release. */
export const mediamtxPath = pathWire
  .refine((p) => p.ready !== undefined || p.available !== undefined, {
    message: 'expected `ready` (or `available`)',
    path: ['ready'],
  })
  .transform((p) => ({
    name: p.name,
    confName: p.confName,
    source: p.source ?? null,
    ready: p.available ?? p.ready ?? false,
    readyTime: p.availableTime ?? p.readyTime ?? null,
    tracks: p.tracks ?? p.tracks2?.map((t) => t.codec) ?? [],
    bytesReceived: p.inboundBytes ?? p.bytesReceived ?? 0,
    bytesSent: p.outboundBytes ?? p.bytesSent ?? 0,
    readers: p.readers ?? [],
  }));

export type MediamtxPath = z.output<typeof mediamtxPath>;

/** `GET /v3/paths/list?itemsPerPage=&page=`: pages count from 0; pageCount is 0 when empty. */
export const mediamtxPathList = z.object({
  pageCount: count,
  itemCount: count,
  items: z.array(mediamtxPath),
});

/** Error body: `{"status":"error","error":"..."}` (older releases: `{"error":"..."}`). */
export const mediamtxErrorBody = z.object({ error: z.string() });
