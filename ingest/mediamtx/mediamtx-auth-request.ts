import { isIP } from 'node:net';
import { z } from 'zod';

/** The actions MediaMTX asks about (docs "Authentication", AuthAction in api/openapi.yaml). */
export const mediamtxAuthActions = ['publish', 'read', 'playback', 'api', 'metrics', 'pprof'] as const;

/**
 * The body MediaMTX POSTs to `authHTTPAddress` when `authMethod: http` (mediamtx.yml and
 * docs "Authentication > External HTTP server"):
 *
 *   { "user": "user", "password": "password", "token": "token", "ip": "ip",
 *     "action": "publish|read|playback|api|metrics|pprof", "path": "path",
 *     "protocol": "rtsp|rtmp|hls|webrtc|srt", "id": "id", "query": "query" }
 *
 * `ip` has no port. `id` is a UUID, or null when there is no session (api, metrics).
 * `protocol` is empty for api/metrics/pprof and grows with new releases, so it stays a
 * string. Older releases send no `token` (and no `id`); extra fields are ignored.
 */
export const mediamtxAuthRequest = z.object({
  user: z.string().max(1024).default(''),
  password: z.string().max(8192).default(''),
  token: z.string().max(8192).default(''),
  ip: z
    .string()
    .max(64)
    .refine((ip) => isIP(ip) !== 0, 'must be an IP address'),
  action: z.enum(mediamtxAuthActions),
  path: z.string().max(1024).default(''),
  protocol: z.string().max(32).default(''),
  id: z.string().max(64).nullish(),
  query: z.string().max(8192).default(''),
});

export type MediamtxAuthRequest = z.infer<typeof mediamtxAuthRequest>;
