/**
 * Argv for one RESTREAM DESTINATION: FFmpeg reads the stream's MPEG-TS on stdin and
 * pushes it to one target, codecs copied unless a re-encode profile says otherwise.
 *
 *   MPEG-TS on stdin ─> ffmpeg -c copy ─┬─ -f flv    rtmp(s)://host/app/key
 *     (-progress on stdout)             ├─ -f mpegts srt://host:port  (+ -passphrase, -srt_streamid ...)
 *                                       ├─ -f mpegts udp://host:port?pkt_size=1316
 *                                       └─ -f rtsp   rtsp://host/path  (TCP)
 *
 * Destination URLs come from users: `parseDestinationUrl` is the only way in, it
 * allows five schemes (never file:, pipe:, http: ...) and names the secrets in the
 * URL so callers can keep them out of every log line.
 */
import {
  type DestinationEncode,
  type DestinationProtocol,
  destinationProtocols,
} from '../defs/destination.ts';
import { ValidationError } from '../defs/errors.ts';
import { type FfmpegLogLevel, quietGlobalArgs } from './ffmpeg-log-level.ts';

/** Re-encode instead of copying (see defs/destination.ts). */
export type RestreamEncodeProfile = DestinationEncode;

/** A validated destination: what FFmpeg opens, and what must never be shown. */
export interface DestinationTarget {
  protocol: DestinationProtocol;
  /** The URL FFmpeg opens. SRT: host and port only, its parameters travel as `protocolOptions`. */
  outputUrl: string;
  /** Protocol AVOptions placed before the output URL, e.g. `['-passphrase', '...']`. */
  protocolOptions: string[];
  /** Substrings of the URL that are credentials (stream keys, passphrases, passwords, query values). */
  secrets: string[];
}

export interface RestreamArgsOptions {
  url: string;
  encode?: RestreamEncodeProfile;
  logLevel?: FfmpegLogLevel;
  /** How often FFmpeg reports progress (what "live" is judged by). */
  progressPeriodSeconds?: number;
}

export const MAX_DESTINATION_URL_LENGTH = 2048;
/** Seven TS packets: the usual MPEG-TS-over-UDP datagram, below a 1500-byte MTU. */
export const UDP_TS_PACKET_SIZE = 1316;

export function restreamArgs(options: RestreamArgsOptions): string[] {
  const target = parseDestinationUrl(options.url);
  if (options.encode) checkEncodeProfile(options.encode);
  return [
    ...quietGlobalArgs(options.logLevel),
    // key=value blocks on stdout: total_size and out_time tell whether bytes really go out.
    '-progress',
    'pipe:1',
    '-stats_period',
    String(options.progressPeriodSeconds ?? 0.5),
    // The input starts at a keyframe with its PAT/PMT (restream/mpegts-keyframe-gate.ts), so
    // 1 s finds every codec's parameters; the 5 s default delays each (re)connect by 5 s.
    '-analyzeduration',
    '1000000',
    '-f',
    'mpegts',
    '-i',
    'pipe:0',
    // First video and first audio only: data streams (SCTE-35, KLV) have no place in FLV.
    '-map',
    '0:v:0?',
    '-map',
    '0:a:0?',
    ...codecArgs(target.protocol, options.encode),
    ...outputArgs(target),
  ];
}

function codecArgs(protocol: DestinationProtocol, encode: RestreamEncodeProfile | undefined): string[] {
  const video = encode ? videoEncodeArgs(encode) : ['-c:v', 'copy'];
  // FLV wants raw AAC: its muxer inserts aac_adtstoasc itself when it sees ADTS (and a
  // forced -bsf:a would refuse MP3 audio). RTSP writes its SDP before any packet, so
  // copied ADTS audio has no config to announce: re-encode it to get global headers.
  const audioBitrate = encode?.audioBitrateKbps ?? (protocol === 'rtsp' ? 128 : undefined);
  const audio = audioBitrate === undefined ? ['-c:a', 'copy'] : ['-c:a', 'aac', '-b:a', `${audioBitrate}k`];
  return [...video, ...audio];
}

function videoEncodeArgs(encode: RestreamEncodeProfile): string[] {
  const rate = Math.round(encode.videoBitrateKbps);
  return [
    ...(encode.maxHeight === undefined ? [] : ['-vf', `scale=-2:min(ih\\,${encode.maxHeight})`]),
    '-c:v',
    'libx264',
    // veryfast + zerolatency: a live encode that fits beside others, no lookahead delay.
    '-preset',
    'veryfast',
    '-tune',
    'zerolatency',
    '-pix_fmt',
    'yuv420p',
    '-b:v',
    `${rate}k`,
    '-maxrate',
    `${rate}k`,
    '-bufsize',
    `${rate * 2}k`,
    // A keyframe every 2 s (what YouTube and Twitch ask for), counted from the first frame:
    // the input starts mid-stream at any timestamp.
    '-force_key_frames',
    'expr:if(isnan(prev_forced_t),1,gte(t,prev_forced_t+2))',
    '-sc_threshold',
    '0',
    '-forced-idr',
    '1',
  ];
}

function outputArgs(target: DestinationTarget): string[] {
  switch (target.protocol) {
    case 'rtmp':
    case 'rtmps':
      // no_duration_filesize: a live push cannot seek back to patch the header at the end.
      return ['-f', 'flv', '-flvflags', 'no_duration_filesize', target.outputUrl];
    case 'srt':
      return ['-f', 'mpegts', ...target.protocolOptions, target.outputUrl];
    case 'udp':
      return ['-f', 'mpegts', target.outputUrl];
    case 'rtsp':
      // TCP (interleaved): no lost RTP packets through NAT and firewalls.
      return ['-f', 'rtsp', '-rtsp_transport', 'tcp', target.outputUrl];
  }
}

export function checkEncodeProfile(encode: RestreamEncodeProfile): void {
  const issues: string[] = [];
  if (!inRange(encode.videoBitrateKbps, 100, 50_000)) issues.push('videoBitrateKbps must be 100..50000');
  if (
    encode.maxHeight !== undefined &&
    !(Number.isInteger(encode.maxHeight) && inRange(encode.maxHeight, 144, 4320))
  )
    issues.push('maxHeight must be an integer 144..4320');
  if (encode.audioBitrateKbps !== undefined && !inRange(encode.audioBitrateKbps, 32, 512))
    issues.push('audioBitrateKbps must be 32..512');
  if (issues.length)
    throw new ValidationError(
      `Invalid re-encode profile: ${issues.join('; ')}.`,
      issues.map((message) => ({ path: 'encode', message })),
    );
}

function inRange(value: number, min: number, max: number): boolean {
  return Number.isFinite(value) && value >= min && value <= max;
}

/**
 * SRT parameters we accept, each handed to libsrt as an AVOption. As options FFmpeg
 * 5.1 takes the values exactly, where in the URL it would not decode %xx, would turn
 * `+` into a space and could not carry `&`. `streamid` is `-srt_streamid`: `-streamid`
 * is an ffmpeg CLI option of its own.
 */
const SRT_PARAMETERS: Record<
  string,
  { option: string; secret?: boolean; check: (v: string) => string | undefined }
> = {
  streamid: { option: '-srt_streamid', secret: true, check: (v) => lengthIn(v, 1, 512) },
  passphrase: { option: '-passphrase', secret: true, check: (v) => lengthIn(v, 10, 79) },
  pbkeylen: {
    option: '-pbkeylen',
    check: (v) => (['16', '24', '32'].includes(v) ? undefined : 'must be 16, 24 or 32'),
  },
  // FFmpeg's libsrt counts latency in MICROseconds (srt-live-transmit: milliseconds).
  latency: {
    option: '-latency',
    check: (v) => integerIn(v, 20_000, 10_000_000, 'microseconds (FFmpeg convention: 200000 = 200 ms)'),
  },
  connect_timeout: { option: '-connect_timeout', check: (v) => integerIn(v, 100, 60_000, 'milliseconds') },
  maxbw: { option: '-maxbw', check: (v) => integerIn(v, -1, 1_000_000_000, 'bytes per second') },
};

/** What a caller push may not change: we are always the caller, always live. */
const SRT_FIXED: Record<string, string> = { mode: 'caller', transtype: 'live' };

const UDP_PARAMETERS: Record<string, (v: string) => string | undefined> = {
  pkt_size: (v) =>
    integerIn(v, 188, 1316, 'bytes') ?? (Number(v) % 188 === 0 ? undefined : 'must be a multiple of 188'),
  ttl: (v) => integerIn(v, 1, 255, 'hops'),
};

/**
 * Checks a destination URL and says what FFmpeg opens and what is secret in it.
 * Throws `ValidationError` with a message that never repeats a secret.
 */
export function parseDestinationUrl(text: string): DestinationTarget {
  if (typeof text !== 'string' || text.length === 0) fail('A destination URL is required.');
  if (text.length > MAX_DESTINATION_URL_LENGTH)
    fail(`A destination URL may be at most ${MAX_DESTINATION_URL_LENGTH} characters.`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\s\x00-\x1f\x7f]/.test(text)) fail('A destination URL may not contain spaces or control characters.');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  const protocol = destinationProtocols.find((p) => p === scheme);
  if (!protocol)
    fail(
      `Destination URLs must start with ${destinationProtocols.map((p) => `${p}://`).join(', ')}` +
        `${scheme ? ` (got ${scheme}:)` : ''}.`,
    );
  // The query is split by hand: an SRT streamid such as `#!::r=live/x` is written raw
  // and its `#` would otherwise end the URL as a fragment.
  const queryAt = text.indexOf('?');
  const base = queryAt < 0 ? text : text.slice(0, queryAt);
  const query = queryAt < 0 ? undefined : text.slice(queryAt + 1);
  if (base.includes('#')) fail('A destination URL may not have a #fragment.');
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    fail(`The ${protocol} destination URL is not a valid URL.`);
  }
  if (!url.hostname) fail(`The ${protocol} destination URL needs a host.`);
  const secrets = userinfoSecrets(url);
  switch (protocol) {
    case 'rtmp':
    case 'rtmps':
    case 'rtsp':
      return pathTarget(protocol, url, base, query, secrets);
    case 'srt':
      return srtTarget(url, query, secrets);
    case 'udp':
      return udpTarget(url, query, secrets);
  }
}

/** RTMP(S), RTSP: `scheme://host[:port]/app/key[?query]`; everything after the app is the key. */
function pathTarget(
  protocol: DestinationProtocol,
  url: URL,
  base: string,
  query: string | undefined,
  secrets: string[],
): DestinationTarget {
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments.length === 0)
    fail(`The ${protocol} destination URL needs a path (${protocol}://host/app/stream-key).`);
  for (const segment of segments.slice(1)) secrets.push(segment, safeDecode(segment));
  if (query !== undefined)
    for (const [, value] of rawParameters(query)) if (value) secrets.push(value, safeDecode(value));
  return {
    protocol,
    outputUrl: query === undefined ? base : `${base}?${query}`,
    protocolOptions: [],
    secrets: unique(secrets),
  };
}

function srtTarget(url: URL, query: string | undefined, secrets: string[]): DestinationTarget {
  if (url.username || url.password) fail('SRT destination URLs take no user:password@ (use passphrase=).');
  requirePort('srt', url);
  if (url.pathname !== '' && url.pathname !== '/')
    fail('SRT destination URLs have no path (srt://host:port?...).');
  const options: string[] = [];
  for (const [name, raw] of rawParameters(query ?? '')) {
    const value = safeDecode(raw);
    const fixed = SRT_FIXED[name];
    if (fixed !== undefined) {
      if (value !== fixed)
        fail(`SRT destinations push as ${name}=${fixed}; ${name}=${value} is not supported.`);
      continue;
    }
    const parameter = SRT_PARAMETERS[name];
    if (!parameter)
      fail(
        `Unsupported SRT parameter "${name}" (use ${[...Object.keys(SRT_PARAMETERS), ...Object.keys(SRT_FIXED)].join(', ')}).`,
      );
    const problem = parameter.check(value);
    if (problem) fail(`SRT parameter ${name} ${parameter.secret ? 'has the wrong length' : problem}.`);
    if (parameter.secret) secrets.push(value, raw);
    options.push(parameter.option, value);
  }
  return {
    protocol: 'srt',
    outputUrl: `srt://${url.host}`,
    protocolOptions: options,
    secrets: unique(secrets),
  };
}

function udpTarget(url: URL, query: string | undefined, secrets: string[]): DestinationTarget {
  if (url.username || url.password) fail('UDP destination URLs take no user:password@.');
  requirePort('udp', url);
  const parameters = new Map<string, string>([['pkt_size', String(UDP_TS_PACKET_SIZE)]]);
  for (const [name, value] of rawParameters(query ?? '')) {
    const check = UDP_PARAMETERS[name];
    if (!check) fail(`Unsupported UDP parameter "${name}" (use ${Object.keys(UDP_PARAMETERS).join(', ')}).`);
    const problem = check(value);
    if (problem) fail(`UDP parameter ${name} ${problem}.`);
    parameters.set(name, value);
  }
  const search = [...parameters].map(([name, value]) => `${name}=${value}`).join('&');
  return { protocol: 'udp', outputUrl: `udp://${url.host}?${search}`, protocolOptions: [], secrets };
}

function requirePort(protocol: string, url: URL): void {
  if (!url.port) fail(`The ${protocol} destination URL needs a port (${protocol}://host:port).`);
}

function userinfoSecrets(url: URL): string[] {
  return [url.username, url.password].filter(Boolean).flatMap((part) => [part, safeDecode(part)]);
}

/** `a=1&b=2` as written (no decoding): `[['a', '1'], ['b', '2']]`. */
function rawParameters(query: string): [string, string][] {
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function lengthIn(value: string, min: number, max: number): string | undefined {
  return value.length >= min && value.length <= max ? undefined : `must be ${min}..${max} characters`;
}

function integerIn(value: string, min: number, max: number, unit: string): string | undefined {
  const n = Number(value);
  return /^-?\d+$/.test(value) && n >= min && n <= max
    ? undefined
    : `must be an integer ${min}..${max} (${unit})`;
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}

function fail(detail: string): never {
  throw new ValidationError(detail, [{ path: 'url', message: detail }]);
}
