import { z } from '@hono/zod-openapi';
import { destinationProtocols, restreamStates } from '../../defs/destination.ts';
import { destinationPresets } from '../../restream/destination-presets.ts';
import { streamIdInPath } from './stream-schemas.ts';

const presetNames = Object.keys(destinationPresets) as [keyof typeof destinationPresets];

const encode = z
  .strictObject({
    videoBitrateKbps: z.number().int().min(100).max(50_000).openapi({ example: 4500 }),
    maxHeight: z.number().int().min(144).max(4320).optional().openapi({ example: 720 }),
    audioBitrateKbps: z.number().int().min(32).max(512).optional().openapi({ example: 128 }),
  })
  .nullable()
  .openapi({
    description: 'Re-encode with x264 for a target that needs less than the source; null: codecs copied',
  });

const name = z.string().trim().min(1).max(100).openapi({ example: 'YouTube main' });
const url = z.string().max(2048).openapi({
  description:
    'rtmp://, rtmps://, srt://host:port?streamid=...&passphrase=..., udp://host:port or rtsp://. Secret: masked in answers',
  example: 'rtmp://live.example.com/app/STREAM-KEY',
});
const preset = z.enum(presetNames).openapi({ description: 'A known service: give only its streamKey' });
const streamKey = z
  .string()
  .min(1)
  .max(300)
  .openapi({ description: 'The key the service issued (with preset)' });
const maxAttempts = z
  .number()
  .int()
  .min(0)
  .max(10_000)
  .openapi({ description: 'Failed sessions in a row before giving up (state failed); 0: retry forever' });

const target = { url: url.optional(), preset: preset.optional(), streamKey: streamKey.optional() };
const oneTarget = (v: { url?: string; preset?: string; streamKey?: string }) =>
  v.url === undefined
    ? (v.preset === undefined) === (v.streamKey === undefined)
    : v.preset === undefined && v.streamKey === undefined;
const oneTargetMessage = { message: 'give either url, or preset with streamKey', path: ['url'] };

export const createDestinationBody = z
  .strictObject({
    name,
    ...target,
    enabled: z.boolean().optional(),
    encode: encode.optional(),
    maxAttempts: maxAttempts.optional(),
  })
  .refine((v) => v.url !== undefined || v.preset !== undefined, oneTargetMessage)
  .refine(oneTarget, oneTargetMessage)
  .openapi('CreateDestination');

export const updateDestinationBody = z
  .strictObject({
    name: name.optional(),
    ...target,
    enabled: z.boolean().optional(),
    encode: encode.optional(),
    maxAttempts: maxAttempts.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' })
  .refine(oneTarget, oneTargetMessage)
  .openapi('UpdateDestination');

export const destinationParams = z.object({
  id: streamIdInPath,
  destinationId: z
    .string()
    .regex(/^dst_[A-Za-z0-9_-]{12}$/, 'a destination id such as dst_AbC123dEf456')
    .openapi({ param: { name: 'destinationId', in: 'path' } }),
});

export const destinationStatusView = z.object({
  state: z.enum(restreamStates).openapi({ description: 'live only while bytes actually go out' }),
  since: z.string(),
  reason: z.string(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  uptimeMs: z.number().int(),
  reconnects: z.number().int(),
  bytesIn: z.number().int(),
  bytesOut: z.number().int().nullable().openapi({ description: 'null for RTSP (its muxer reports no size)' }),
  bitrateKbps: z.number().nullable(),
  droppedBytes: z.number().int().openapi({ description: 'Refused because this target fell behind' }),
  pendingBytes: z.number().int(),
});

export const destinationView = z
  .object({
    id: z.string(),
    streamId: z.string(),
    name: z.string(),
    url: z.string().openapi({ description: 'Keys, passphrases and passwords masked' }),
    protocol: z.enum(destinationProtocols),
    enabled: z.boolean(),
    encode,
    maxAttempts: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    status: destinationStatusView,
  })
  .openapi('Destination');

export const destinationList = z.object({ items: z.array(destinationView) }).openapi('DestinationList');

export const destinationLogView = z
  .object({
    entries: z.array(
      z.object({ at: z.string(), level: z.enum(['info', 'warn', 'error']), message: z.string() }),
    ),
    ffmpeg: z.array(z.string()).openapi({ description: "FFmpeg's last stderr lines, masked" }),
  })
  .openapi('DestinationLog');

export const destinationPresetList = z
  .object({ items: z.array(z.object({ id: z.string(), label: z.string(), ingestUrl: z.string() })) })
  .openapi('DestinationPresets');
