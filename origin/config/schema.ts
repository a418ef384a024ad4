import { z } from 'zod';
import { duration } from './duration.ts';

const port = z.number().int().min(0).max(65535);

/**
 * The whole configuration, with defaults. Every key can be set from the config file
 * (TOML) or from the environment as TIDEWATER_<SECTION>_<KEY> (see load-config.ts).
 * `tidewater.example.toml` documents it and is tested to equal these defaults.
 */
export const configSchema = z.object({
  http: z
    .object({
      host: z.string().min(1).default('0.0.0.0'),
      port: port.default(8080),
      /** Absolute base URL viewers and operators reach us at; derived from host/port when empty. */
      publicBaseUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
      bodyLimitBytes: z
        .number()
        .int()
        .min(1024)
        .max(64 * 1024 * 1024)
        .default(1024 * 1024),
      shutdownGrace: duration(0, 120_000).default(10_000),
      corsOrigin: z.string().min(1).default('*'),
    })
    .prefault({}),
  ingest: z
    .object({
      /** Hostname put into ingest URLs handed to encoders; empty means the public base URL's host. */
      publicHost: z.string().default(''),
      /** Address the RTMP, SRT and UDP listeners bind. */
      host: z.string().min(1).default('0.0.0.0'),
      rtmpEnabled: z.boolean().default(true),
      /** Port 0 picks a free port (tests); the bound one appears in the ingest URLs. */
      rtmpPort: port.default(1935),
      /** RTMPS: port and PEM certificate/key files; off while either file is empty. */
      rtmpsPort: port.default(1936),
      rtmpsCert: z.string().default(''),
      rtmpsKey: z.string().default(''),
      srtEnabled: z.boolean().default(true),
      srtPort: port.default(9000),
      udpPortMin: port.default(10000),
      udpPortMax: port.default(10999),
      /** A publisher that drops and returns within this time continues the same playlists. */
      reconnectGrace: duration(0, 600_000).default(10_000),
      /** While a publisher is away (within the reconnect grace), show a "resume shortly" card. */
      fallbackSlate: z.boolean().default(false),
      /** A publisher that sends nothing for this long is disconnected. */
      silenceTimeout: duration(1000, 300_000).default(10_000),
      /** Open ingest connections one IP address may hold (flood guard). */
      maxConnectionsPerIp: z.number().int().min(1).max(10_000).default(16),
      /** Publisher bytes per stream waiting for FFmpeg before the publisher is dropped. */
      maxPendingBytes: z
        .number()
        .int()
        .min(64 * 1024)
        .max(1024 * 1024 * 1024)
        .default(16 * 1024 * 1024),
    })
    .prefault({})
    .refine((v) => v.udpPortMin <= v.udpPortMax, {
      message: 'udpPortMin must be <= udpPortMax',
      path: ['udpPortMin'],
    }),
  media: z
    .object({
      partTarget: duration(100, 2000).default(200),
      segmentTarget: duration(500, 10_000).default(2000),
      /** Segments kept in a live playlist (Apple: at least 6). */
      windowSegments: z.number().int().min(6).max(1000).default(6),
      /** DVR (timeshift) window players may seek back in, for every stream; 0: live window only. */
      dvrWindow: duration(0, 24 * 3_600_000).default(0),
      /** Of a DVR window, how many newest segments stay in memory; older ones are read from disk. */
      dvrMemorySegments: z.number().int().min(2).max(100_000).default(30),
      /** Age at which a stream's preview image (/thumbnails/<stream>.jpg) is remade; made only when requested. */
      thumbnailInterval: duration(1000, 600_000).default(5000),
    })
    .prefault({}),
  recording: z
    .object({
      /** Recordings (ready or failed) older than this are deleted; 0: kept until deleted by hand. */
      retention: duration(0, 3650 * 86_400_000).default(0),
      /** When recordings take more than this many GiB, the oldest are deleted first; 0: no limit. */
      maxTotalGiB: z.number().min(0).max(1_000_000).default(0),
      /** How often the two rules above are applied. */
      sweepInterval: duration(10_000, 86_400_000).default(60_000),
    })
    .prefault({}),
  mediamtx: z
    .object({
      /** MediaMTX in front: it asks us who may publish and tells us when a path is ready; we pull it. */
      enabled: z.boolean().default(false),
      /** Where the origin pulls ready paths from: MediaMTX's RTSP (or RTMP/SRT) read side, path appended. */
      pullUrl: z.url({ protocol: /^(rtsps?|rtmps?|srt)$/ }).default('rtsp://127.0.0.1:8554'),
      /** Shared secret MediaMTX's ready/not-ready hooks send (x-tidewater-hook-secret); empty: none. */
      hookSecret: z
        .union([
          z.literal(''),
          z.string().regex(/^[A-Za-z0-9._~-]{16,256}$/, '16-256 characters of A-Z a-z 0-9 . _ ~ -'),
        ])
        .default(''),
      /** Comma-separated IPs/CIDRs that may read from MediaMTX (the origin's pulls). Empty: loopback. */
      trustedReaders: z.string().default(''),
      /** MediaMTX Control API (v3), to find paths already live at start and to kick publishers. Empty: unused. */
      apiUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
    })
    .prefault({}),
  storage: z
    .object({
      dataDir: z.string().min(1).default('./data'),
    })
    .prefault({}),
  auth: z
    .object({
      /** Admin API key taken from the environment; when empty one is generated at first start. */
      adminKey: z.union([z.literal(''), z.string().min(24, 'must be at least 24 characters')]).default(''),
    })
    .prefault({}),
  redis: z
    .object({
      /** redis:// URL; empty runs on embedded state only. */
      url: z.union([z.literal(''), z.url({ protocol: /^rediss?$/ })]).default(''),
    })
    .prefault({}),
  demo: z
    .object({
      enabled: z.boolean().default(true),
      /** ABR ladder (720p/480p/360p) for the demo: on, off, or auto (on when this machine encodes it fast enough). */
      ladder: z.enum(['auto', 'on', 'off']).default('auto'),
      name: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
        .default('demo'),
    })
    .prefault({}),
  log: z
    .object({
      level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    })
    .prefault({}),
});

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
