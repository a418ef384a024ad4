import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { createSecureContext, type SecureContext, TLSSocket } from 'node:tls';
import type { PublishGate } from '../../defs/ingest.ts';
import type { ConnectionLimit } from '../connection-limit.ts';
import { type RtmpLog, silentRtmpLog } from './rtmp-log.ts';
import { RtmpPublishSession } from './rtmp-publish-session.ts';

export interface RtmpIngestOptions {
  /** RTMP listen port; 0 picks a free one (see `port`). */
  port: number;
  /** Listen address; default all IPv4 interfaces. */
  host?: string;
  /** RTMPS: a TLS listener with this PEM certificate chain and key. */
  tls?: { port: number; certPath: string; keyPath: string };
  gate: Pick<PublishGate, 'open'>;
  limit: Pick<ConnectionLimit, 'tryAcquire'>;
  log?: RtmpLog;
  /** The only RTMP application served (`rtmp://host/<app>/<stream key>`); default `live`. */
  app?: string;
  /** From accept until an authorised publish; default 10 s. */
  handshakeTimeoutMs?: number;
  /** A publisher silent this long is dropped; default 20 s. */
  idleTimeoutMs?: number;
  /** How often publisher stats go to the feed; default 1 s. */
  statsIntervalMs?: number;
  /** Largest audio/video message accepted; default 8 MiB. */
  maxMessageBytes?: number;
}

type Protocol = 'rtmp' | 'rtmps';

/** Max chunk streams per connection: encoders use 3–6 (control, command, audio, video, data). */
const MAX_CHUNK_STREAMS = 16;
/** A flood of refused connections is summarised, not logged one line each. */
const REFUSAL_LOG_INTERVAL_MS = 5_000;

/**
 * RTMP and RTMPS publish ingest in the origin process, on node-media-server's protocol code.
 * Encoders publish to `rtmp://host:port/live/<stream key>`; each publish is authorised by the
 * gate before media flows and its media goes to the feed as an FLV byte stream. Playback is
 * refused. Both listeners accept through one path: per-IP limit at accept, then (RTMPS) TLS
 * over the accepted socket, so the handshake deadline covers the TLS handshake too.
 */
export class RtmpIngest {
  readonly #options: RtmpIngestOptions;
  readonly #log: RtmpLog;
  readonly #sessions = new Set<RtmpPublishSession>();
  #servers: { protocol: Protocol; server: Server }[] = [];
  #secureContext: SecureContext | undefined;
  #refusedSinceLog = 0;
  #lastRefusalLogAt = Number.NEGATIVE_INFINITY;

  constructor(options: RtmpIngestOptions) {
    checkPort('port', options.port);
    if (options.tls) checkPort('tls.port', options.tls.port);
    const app = options.app ?? 'live';
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(app))
      throw new Error(`RTMP app ${JSON.stringify(app)} is not a plain name`);
    for (const key of [
      'handshakeTimeoutMs',
      'idleTimeoutMs',
      'statsIntervalMs',
      'maxMessageBytes',
    ] as const) {
      const value = options[key];
      if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
        throw new Error(`RTMP ${key} must be a positive number, got ${value}`);
      }
    }
    this.#options = options;
    this.#log = options.log ?? silentRtmpLog;
  }

  /** The bound RTMP port (after start). */
  get port(): number {
    return this.#boundPort('rtmp') ?? 0;
  }

  /** The bound RTMPS port (after start), undefined without TLS. */
  get tlsPort(): number | undefined {
    return this.#boundPort('rtmps');
  }

  /** Resolves when every listener is bound; rejects (and binds nothing) when one cannot be. */
  async start(): Promise<void> {
    if (this.#servers.length > 0) throw new Error('RTMP ingest already started');
    const { tls, host = '0.0.0.0', port } = this.#options;
    if (tls) this.#secureContext = loadSecureContext(tls.certPath, tls.keyPath);
    try {
      await this.#listen('rtmp', host, port);
      if (tls) await this.#listen('rtmps', host, tls.port);
    } catch (error) {
      await this.#closeServers();
      throw error;
    }
    this.#log('info', 'rtmp ingest listening', { host, port: this.port, tlsPort: this.tlsPort });
  }

  /** Stops listening and disconnects every publisher (their feeds end). */
  async close(): Promise<void> {
    const closing = this.#closeServers();
    for (const session of this.#sessions) session.close('RTMP ingest shutting down');
    await closing;
  }

  #boundPort(protocol: Protocol): number | undefined {
    const address = this.#servers.find((entry) => entry.protocol === protocol)?.server.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : undefined;
  }

  async #listen(protocol: Protocol, host: string, port: number): Promise<void> {
    const server = createServer((socket) => this.#accept(protocol, socket));
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        const why = error.code === 'EADDRINUSE' ? 'the port is already in use' : error.message;
        reject(new Error(`${protocol.toUpperCase()} ingest cannot listen on ${host}:${port}: ${why}`));
      };
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    server.on('error', (error) =>
      this.#log('error', 'rtmp listener error', { protocol, error: error.message }),
    );
    this.#servers.push({ protocol, server });
  }

  async #closeServers(): Promise<void> {
    const servers = this.#servers;
    this.#servers = [];
    await Promise.all(
      servers.map(({ server }) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
  }

  #accept(protocol: Protocol, raw: Socket): void {
    // Without a listener, a socket 'error' event would throw out of the event loop.
    raw.on('error', () => {});
    const ip = raw.remoteAddress?.replace(/^::ffff:/, '');
    if (!ip) {
      raw.destroy();
      return;
    }
    const release = this.#options.limit.tryAcquire(ip);
    if (!release) {
      raw.destroy();
      this.#logRefusal(protocol, ip);
      return;
    }
    raw.once('close', release);
    const socket =
      protocol === 'rtmps' ? new TLSSocket(raw, { isServer: true, secureContext: this.#secureContext }) : raw;
    const session = new RtmpPublishSession({
      socket,
      protocol,
      remoteAddress: ip.includes(':') ? `[${ip}]:${raw.remotePort}` : `${ip}:${raw.remotePort}`,
      app: this.#options.app ?? 'live',
      gate: this.#options.gate,
      log: this.#log,
      handshakeTimeoutMs: this.#options.handshakeTimeoutMs ?? 10_000,
      idleTimeoutMs: this.#options.idleTimeoutMs ?? 20_000,
      statsIntervalMs: this.#options.statsIntervalMs ?? 1_000,
      limits: {
        maxMessageBytes: this.#options.maxMessageBytes ?? 8 * 1024 * 1024,
        maxChunkStreams: MAX_CHUNK_STREAMS,
      },
      onGone: () => {
        this.#sessions.delete(session);
        raw.destroy();
      },
    });
    this.#sessions.add(session);
    session.start();
  }

  #logRefusal(protocol: Protocol, ip: string): void {
    this.#refusedSinceLog++;
    const now = performance.now();
    if (now - this.#lastRefusalLogAt < REFUSAL_LOG_INTERVAL_MS) return;
    this.#log('warn', 'rtmp connections refused: per-IP connection limit', {
      protocol,
      ip,
      refused: this.#refusedSinceLog,
    });
    this.#refusedSinceLog = 0;
    this.#lastRefusalLogAt = now;
  }
}

function checkPort(name: string, port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`RTMP ${name} ${port} is not a port`);
}

function loadSecureContext(certPath: string, keyPath: string): SecureContext {
  try {
    return createSecureContext({ cert: readFileSync(certPath), key: readFileSync(keyPath) });
  } catch (error) {
    throw new Error(
      `RTMPS certificate ${certPath} / key ${keyPath} cannot be loaded: ${(error as Error).message}`,
    );
  }
}
