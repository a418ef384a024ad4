/**
 * Argv for a PULL source: FFmpeg reads a live URL (RTMP, RTSP, SRT, HLS, UDP) and
 * remuxes it without re-encoding to MPEG-TS on stdout, which enters the origin like any
 * publisher's bytes (same registry, status, grace and packaging path).
 *
 *   rtmp:// | rtsp:// | srt:// | http(s)://...m3u8 ──> ffmpeg -c copy ──> stdout: MPEG-TS
 */
import { type FfmpegLogLevel, quietGlobalArgs } from './ffmpeg-log-level.ts';
import { mpegtsCopyOutputArgs, TS_SOURCE_FD } from './mpegts-copy-output-args.ts';

export interface PullOptions {
  url: string;
  /** Give up on a source that sends nothing (connect or read) for this long. */
  timeoutSeconds?: number;
  logLevel?: FfmpegLogLevel;
}

export const PULL_SCHEMES = [
  'rtmp:',
  'rtmps:',
  'rtsp:',
  'rtsps:',
  'srt:',
  'http:',
  'https:',
  'udp:',
] as const;

export function pullArgs(options: PullOptions): string[] {
  const url = new URL(options.url);
  if (!(PULL_SCHEMES as readonly string[]).includes(url.protocol))
    throw new Error(`cannot pull ${url.protocol} sources; use one of ${PULL_SCHEMES.join(' ')}`);
  const timeoutUs = String(Math.round((options.timeoutSeconds ?? 10) * 1_000_000));
  return [
    ...quietGlobalArgs(options.logLevel),
    ...schemeArgs(url.protocol, timeoutUs),
    // A short probe: the packager probes again; here only the stream layout is needed.
    '-analyzeduration',
    '500000',
    '-i',
    options.url,
    ...mpegtsCopyOutputArgs(TS_SOURCE_FD),
  ];
}

function schemeArgs(scheme: string, timeoutUs: string): string[] {
  switch (scheme) {
    case 'rtsp:':
    case 'rtsps:':
      // TCP: no lost packets through NAT or firewalls; -timeout is the socket I/O timeout.
      return ['-rtsp_transport', 'tcp', '-timeout', timeoutUs];
    case 'rtmp:':
    case 'rtmps:':
      return ['-rw_timeout', timeoutUs];
    case 'srt:':
      // libsrt reads its own options from the URL query (streamid, passphrase, latency).
      return ['-rw_timeout', timeoutUs];
    case 'http:':
    case 'https:':
      // An HLS source: start at the live edge, reconnect on dropped connections.
      return [
        '-rw_timeout',
        timeoutUs,
        '-live_start_index',
        '-1',
        '-reconnect',
        '1',
        '-reconnect_streamed',
        '1',
      ];
    default:
      return [];
  }
}
