import { z } from '@hono/zod-openapi';
import { pageQuery } from './page-query.ts';

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

const publisherPolicy = z
  .enum(['reject', 'takeover'])
  .openapi({ description: 'A second publisher on a live stream is refused, or replaces the first' });
// SRT's own bounds for SRTO_PASSPHRASE.
const srtPassphrase = z
  .string()
  .min(10)
  .max(79)
  .nullable()
  .openapi({ description: 'SRT publishers must encrypt with this passphrase (AES); null: not required' });
const srtLatencyMs = z
  .number()
  .int()
  .min(20)
  .max(8000)
  .openapi({ description: 'SRT receiver latency (retransmission window), ms', example: 120 });
/** Sources FFmpeg pulls live; file and other local schemes are refused (an API caller must not read our disk). */
const pullSchemes = ['rtmp:', 'rtmps:', 'srt:', 'rtsp:', 'rtsps:', 'http:', 'https:', 'udp:'];
const sourceUrl = z
  .url()
  .max(2048)
  .refine((v) => pullSchemes.includes(new URL(v).protocol), {
    message: `must be one of ${pullSchemes.map((s) => s.replace(':', '')).join(', ')}`,
  })
  .nullable()
  .openapi({ description: 'Pull this URL instead of waiting for a publisher; null: push only' });

const record = z
  .boolean()
  .openapi({ description: 'Record each live session to disk; it becomes a VOD asset when the stream ends' });

const udpMulticastGroup = z
  .string()
  .regex(
    /^(22[4-9]|23\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)$/,
    'an IPv4 multicast address (224.0.0.0 to 239.255.255.255)',
  )
  .nullable()
  .openapi({
    description: 'Receive the UDP feed from this multicast group; null: unicast',
    example: '239.1.1.1',
  });

const ladder = z
  .array(
    z.strictObject({
      shortSide: z
        .number()
        .int()
        .min(64)
        .max(4320)
        .openapi({ description: 'e.g. 720 for 720p', example: 720 }),
      videoBitrateKbps: z.number().int().min(50).max(100_000).optional(),
    }),
  )
  .min(1)
  .max(8)
  .nullable()
  .openapi({
    description: 'ABR ladder: renditions to encode, best first, capped at the source size; null: passthrough',
    example: [{ shortSide: 720 }, { shortSide: 480 }, { shortSide: 360 }],
  });
const dvrWindowSeconds = z
  .number()
  .int()
  .min(0)
  .max(86_400)
  .nullable()
  .openapi({ description: 'DVR window players may seek back in, seconds; null: the origin default' });

const ingestSettings = {
  ladder: ladder.optional(),
  dvrWindowSeconds: dvrWindowSeconds.optional(),
  udpMulticastGroup: udpMulticastGroup.optional(),
  publisherPolicy: publisherPolicy.optional(),
  srtPassphrase: srtPassphrase.optional(),
  srtLatencyMs: srtLatencyMs.optional(),
  sourceUrl: sourceUrl.optional(),
};

export const createStreamBody = z
  .strictObject({
    name: streamName,
    enabled: z.boolean().optional(),
    partTargetSeconds: partTargetSeconds.optional(),
    segmentTargetSeconds: segmentTargetSeconds.optional(),
    record: record.optional(),
    ...ingestSettings,
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
    record: record.optional(),
    ...ingestSettings,
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' })
  .openapi('UpdateStream');

/** A stream id in a path (`/{id}`). */
export const streamIdInPath = z
  .string()
  .regex(/^str_[A-Za-z0-9_-]{12}$/, 'a stream id such as str_AbC123dEf456')
  .openapi({ param: { name: 'id', in: 'path' } });

export const streamIdParam = z.object({ id: streamIdInPath });

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listStreamsQuery = z.object({
  ...pageQuery,
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
    publisherPolicy,
    srtPassphrase: z.string().nullable().openapi({ description: 'Secret; masked for read-only API keys' }),
    srtLatencyMs: z.number().int(),
    sourceUrl: z.string().nullable(),
    record,
    udpMulticastGroup: z.string().nullable(),
    ladder: z.array(z.object({ shortSide: z.number(), videoBitrateKbps: z.number().optional() })).nullable(),
    dvrWindowSeconds: z.number().nullable(),
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

const nullableNumber = z.number().nullable();

export const streamStatusView = z
  .object({
    ingest: z.object({
      state: z.enum(['live', 'reconnecting', 'offline']),
      protocol: z.string().nullable(),
      remoteAddress: z.string().nullable(),
      connectedAt: z.string().nullable(),
      lastPacketAt: z.string().nullable(),
      bytesReceived: z.number().int(),
      bitrateKbps: z.number(),
      reconnects: z.number().int(),
      protocolStats: z
        .record(z.string(), z.number())
        .openapi({ description: 'SRT: rttMs, packetsReceived, packetsLost, retransmitted, rateMbps...' }),
    }),
    media: z.object({
      live: z.boolean(),
      videoCodec: z.string().nullable(),
      audioCodec: z.string().nullable(),
      width: nullableNumber,
      height: nullableNumber,
      frameRate: nullableNumber,
      keyframeIntervalSeconds: nullableNumber,
      bitrateKbps: z.number(),
      audioSampleRate: nullableNumber,
      audioChannels: nullableNumber,
      partTargetSeconds: nullableNumber,
      partsProduced: z.number().int(),
      encoder: z.string().openapi({ description: '`copy` (passthrough), or the ladder encoder' }),
      encoderReason: z.string().nullable(),
      renditions: z.array(z.string()),
      viewers: z.object({ hls: z.number().int(), dash: z.number().int() }).openapi({
        description:
          'An estimate: clients (address + User-Agent) that polled a playlist (hls) or the MPD (dash) in the last 10 s',
      }),
      latency: z.object({
        partPublishMs: nullableNumber.openapi({
          description: "Median over ~10 s of a part's last byte out of FFmpeg to its availability",
        }),
        edgeAgeMs: nullableNumber.openapi({
          description: 'Now minus the program date-time end of the newest playable part',
        }),
        partHoldBackSeconds: nullableNumber.openapi({
          description: 'The PART-HOLD-BACK the playlists advertise',
        }),
      }),
    }),
  })
  .openapi('StreamStatus');

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
