import { isIP } from 'node:net';
import { maskSecret } from '../../state/secret-token.ts';
import { isValidPassphrase } from './srt-listen-gate.ts';

/**
 * `srt://host:port?streamid=...&passphrase=...&pbkeylen=16&latency=120&conntimeo=3000`,
 * the form srt-live-transmit uses: latency and conntimeo in milliseconds (ffmpeg's own
 * srt URLs count latency in microseconds; this one does not). The query is read raw,
 * so an access-control stream id may be written unencoded: `streamid=#!::r=key,m=request`.
 */
export interface SrtCallerTarget {
  host: string;
  port: number;
  streamId?: string;
  passphrase?: string;
  pbkeylen?: 16 | 24 | 32;
  latencyMs?: number;
  connectTimeoutMs?: number;
}

export type SrtUrlParse = { ok: true; target: SrtCallerTarget } | { ok: false; error: string };

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*$/;

export function parseSrtUrl(text: string): SrtUrlParse {
  const fail = (error: string): SrtUrlParse => ({ ok: false, error });
  if (!text.startsWith('srt://')) return fail('an SRT URL starts with srt://');
  const rest = text.slice('srt://'.length);
  const queryAt = rest.indexOf('?');
  const authority = (queryAt < 0 ? rest : rest.slice(0, queryAt)).replace(/\/$/, '');
  const query = queryAt < 0 ? '' : rest.slice(queryAt + 1);

  const hostPort = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]/@]+)):(\d{1,5})$/.exec(authority);
  if (!hostPort) return fail('expected srt://host:port (user info and paths are not supported)');
  const host = hostPort[1] ?? hostPort[2] ?? '';
  const port = Number(hostPort[3]);
  if (hostPort[1] !== undefined ? isIP(host) !== 6 : isIP(host) !== 4 && !HOSTNAME.test(host))
    return fail(`invalid host ${JSON.stringify(host)}`);
  if (port < 1 || port > 65535) return fail(`invalid port ${port}`);

  const target: SrtCallerTarget = { host, port };
  const seen = new Set<string>();
  for (const pair of query === '' ? [] : query.split('&')) {
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    let value: string;
    try {
      value = decodeURIComponent(equals < 0 ? '' : pair.slice(equals + 1));
    } catch {
      return fail(`parameter ${name} is not valid percent-encoding`);
    }
    if (seen.has(name)) return fail(`parameter ${name} is given twice`);
    seen.add(name);
    const problem = applyParameter(target, name, value);
    if (problem) return fail(problem);
  }
  if (target.pbkeylen !== undefined && target.passphrase === undefined)
    return fail('pbkeylen needs a passphrase');
  return { ok: true, target };
}

function applyParameter(target: SrtCallerTarget, name: string, value: string): string | undefined {
  const milliseconds = (max: number): number | undefined => {
    const number = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
    return number <= max ? number : undefined;
  };
  switch (name) {
    case 'streamid':
      if (value.length === 0 || Buffer.byteLength(value) > 512) return 'streamid must be 1..512 bytes';
      target.streamId = value;
      return;
    case 'passphrase':
      if (!isValidPassphrase(value)) return `passphrase ${maskSecret(value)} must be 10..79 characters`;
      target.passphrase = value;
      return;
    case 'pbkeylen':
      if (value !== '16' && value !== '24' && value !== '32') return 'pbkeylen must be 16, 24 or 32';
      target.pbkeylen = Number(value) as 16 | 24 | 32;
      return;
    case 'latency':
      target.latencyMs = milliseconds(60_000);
      return target.latencyMs === undefined ? 'latency must be 0..60000 ms' : undefined;
    case 'conntimeo':
      target.connectTimeoutMs = milliseconds(120_000);
      return target.connectTimeoutMs === undefined ? 'conntimeo must be 0..120000 ms' : undefined;
    case 'mode':
      return value === 'caller' ? undefined : 'only mode=caller is supported for pulling';
    case 'transtype':
      return value === 'live' ? undefined : 'only transtype=live is supported';
    default:
      return `unknown parameter ${JSON.stringify(name)}`;
  }
}

/** The URL for logs: host and port only (stream ids and passphrases carry secrets). */
export function describeSrtTarget(target: SrtCallerTarget): string {
  return `srt://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
}
