import { isIP } from 'node:net';
import type { IngestFeed, PublishGate } from '../../defs/ingest.ts';
import { maskSecret } from '../../state/secret-token.ts';
import type { ConnectionLimit } from '../connection-limit.ts';
import type { IngestLog } from '../publish-registry.ts';
import { HandshakeLog } from './handshake-log.ts';
import { lastSrtError, libsrt } from './libsrt.ts';
import { decodeSockaddr, encodeSockaddr, formatAddress, SOCKADDR_STORAGE_SIZE } from './socket-address.ts';
import { SRT_EPOLL_ERR, SRT_EPOLL_IN, SRTO, SRTS } from './srt-constants.ts';
import { parseStreamId, type SrtKeyEntry, SrtListenGate } from './srt-listen-gate.ts';
import { SrtMessageReader } from './srt-message-reader.ts';
import { SrtPollLoop } from './srt-poll-loop.ts';
import { SrtPublisher } from './srt-publisher.ts';
import { getStringOption, setIntOption } from './srt-socket-options.ts';

const MAX_ACCEPTS_PER_POLL = 32;

export interface SrtIngestOptions {
  /** UDP port; 0 picks a free one (see `port` after start). */
  port: number;
  /** IP literal to bind; default all IPv4 interfaces. */
  host?: string;
  /** Takes the stream once a publisher's connection is accepted (the real take-over). */
  gate: Pick<PublishGate, 'open'>;
  /** Per-IP cap shared with the other listeners, applied as libsrt hands over a connection. */
  limit: Pick<ConnectionLimit, 'tryAcquire'>;
  /**
   * Every stream key that may publish over SRT, with its passphrase and latency: the
   * handshake is decided from this table (see srt-listen-gate.c). Read at start() and
   * on each refreshKeys(): the origin calls refreshKeys() whenever a stream is created,
   * updated (key, passphrase, latency, enabled) or deleted, and when a stream's
   * publisher state changes if it wants 409 refusals in the handshake.
   */
  keys: () => Iterable<SrtKeyEntry>;
  log?: IngestLog;
  /** How often each publisher's SRT statistics go to its feed (default 1000 ms). */
  statsIntervalMs?: number;
  /** Connections libsrt may queue between handshake and accept (default 64). */
  backlog?: number;
}

/**
 * SRT listener for publishers (libsrt via bun:ffi, in-process). The handshake is
 * answered on libsrt's thread from the key table (stream id, passphrase, latency);
 * accepted connections are then taken through the PublishGate and their MPEG-TS
 * messages polled into the feed. Stats are sampled with srt_bistats.
 */
export class SrtIngest {
  readonly #options: SrtIngestOptions;
  readonly #publishers = new Map<number, SrtPublisher>();
  readonly #reader = new SrtMessageReader();
  readonly #handshakes: HandshakeLog;
  /** The table last given to the handshake hook, to check a feed's passphrase against. */
  #keys = new Map<string, SrtKeyEntry>();
  #listener = -1;
  #port = 0;
  #gate: SrtListenGate | undefined;
  #loop: SrtPollLoop | undefined;
  #statsTimer: ReturnType<typeof setInterval> | undefined;
  #state: 'new' | 'listening' | 'closed' = 'new';

  /** Throws on options no listener could run with (the message names the option). */
  constructor(options: SrtIngestOptions) {
    const { port, host, statsIntervalMs = 1000, backlog = 64 } = options;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`SrtIngest: invalid port ${port}`);
    if (host !== undefined && isIP(host) === 0)
      throw new Error(`SrtIngest: host must be an IP address, not ${host}`);
    if (!Number.isInteger(statsIntervalMs) || statsIntervalMs < 50)
      throw new Error(`SrtIngest: statsIntervalMs must be a whole number >= 50, not ${statsIntervalMs}`);
    if (!Number.isInteger(backlog) || backlog < 1 || backlog > 4096)
      throw new Error(`SrtIngest: backlog must be 1..4096, not ${backlog}`);
    this.#options = options;
    this.#handshakes = new HandshakeLog({ log: options.log });
  }

  /** The bound UDP port (after start). */
  get port(): number {
    return this.#port;
  }

  async start(): Promise<void> {
    if (this.#state !== 'new') throw new Error('SrtIngest can be started once');
    const srt = libsrt();
    srt.srt_startup();
    this.#state = 'listening';
    try {
      this.#listen();
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  /** Re-reads the key table (see SrtIngestOptions.keys); an error from `keys` is thrown here. */
  refreshKeys(): void {
    if (!this.#gate) return;
    const entries = [...this.#options.keys()];
    const { problems } = this.#gate.publishKeys(entries);
    this.#keys = new Map(entries.map((entry) => [entry.streamKey, entry]));
    for (const problem of problems) this.#log('error', `SRT key table: ${problem}; it cannot publish`);
  }

  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    const wasListening = this.#state === 'listening';
    this.#state = 'closed';
    clearInterval(this.#statsTimer);
    for (const publisher of [...this.#publishers.values()])
      publisher.end('SRT ingest is shutting down', 'listener');
    this.#gate?.close();
    this.#loop?.close();
    const srt = libsrt();
    if (this.#listener >= 0) srt.srt_close(this.#listener);
    this.#listener = -1;
    if (wasListening) srt.srt_cleanup();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #listen(): void {
    const srt = libsrt();
    const host = this.#options.host ?? '0.0.0.0';
    const sock = srt.srt_create_socket();
    if (sock < 0) throw new Error(`srt_create_socket: ${lastSrtError().message}`);
    this.#listener = sock;
    // Non-blocking: accept and every accepted socket (they inherit it) never block the event loop.
    setIntOption(sock, SRTO.RCVSYN, 0);
    setIntOption(sock, SRTO.SNDSYN, 0);
    const address = encodeSockaddr(host, this.#options.port);
    if (srt.srt_bind(sock, address, address.length) !== 0)
      throw new Error(`SRT ingest cannot bind ${host}:${this.#options.port}: ${lastSrtError().message}`);
    this.#port = this.#boundPort(sock);

    this.#gate = new SrtListenGate();
    this.#gate.attach(sock);
    this.refreshKeys();
    if (srt.srt_listen(sock, this.#options.backlog ?? 64) !== 0)
      throw new Error(`SRT ingest cannot listen on ${host}:${this.#port}: ${lastSrtError().message}`);

    this.#loop = new SrtPollLoop({
      onEvent: (ready, events) => this.#onEvent(ready, events),
      onTick: () => this.#drainHandshakes(),
      onError: (error) => this.#log('error', `SRT ingest: ${(error as Error).message}`),
    });
    this.#loop.add(sock, SRT_EPOLL_IN | SRT_EPOLL_ERR, 'listener');
    this.#loop.start();
    this.#statsTimer = setInterval(() => this.#reportStats(), this.#options.statsIntervalMs ?? 1000);
    this.#log('info', 'SRT ingest listening', { host, port: this.#port });
  }

  #boundPort(sock: number): number {
    const name = new Uint8Array(SOCKADDR_STORAGE_SIZE);
    const length = new Int32Array([name.length]);
    if (libsrt().srt_getsockname(sock, name, length) !== 0) return this.#options.port;
    return decodeSockaddr(name)?.port ?? this.#options.port;
  }

  #onEvent(sock: number, events: number): void {
    if (sock === this.#listener) {
      this.#acceptQueued(events);
      return;
    }
    const publisher = this.#publishers.get(sock);
    if (!publisher) {
      this.#loop?.remove(sock);
      return;
    }
    try {
      publisher.receive(this.#reader, events);
    } catch (error) {
      // A feed that throws must not be retried every poll: that publisher ends, the others go on.
      publisher.end(`the feed failed: ${(error as Error).message}`, 'feed');
    }
  }

  /** Accepts what libsrt has queued (bounded per poll so one burst cannot hold the loop). */
  #acceptQueued(events: number): void {
    const srt = libsrt();
    if (events & SRT_EPOLL_ERR && srt.srt_getsockstate(this.#listener) !== SRTS.LISTENING) {
      this.#log('error', 'SRT ingest: the listening socket broke; no new publishers can connect', {
        port: this.#port,
      });
      this.#loop?.remove(this.#listener);
      return;
    }
    // The hook's events first: an accepted socket must find its admitted handshake already recorded.
    this.#drainHandshakes();
    for (let accepted = 0; accepted < MAX_ACCEPTS_PER_POLL; accepted++) {
      const peer = new Uint8Array(SOCKADDR_STORAGE_SIZE);
      const length = new Int32Array([peer.length]);
      const sock = srt.srt_accept(this.#listener, peer, length);
      if (sock < 0) return; // the queue is empty
      this.#admit(sock, decodeSockaddr(peer));
    }
  }

  #admit(sock: number, peer: { ip: string; port: number } | undefined): void {
    const remote = peer ? formatAddress(peer) : 'unknown';
    this.#handshakes.accepted(remote);
    const refuse = (reason: string, fields: Record<string, unknown>) => {
      libsrt().srt_close(sock);
      this.#log('warn', `SRT publisher refused: ${reason}`, { remote, ...fields });
    };
    const release = this.#options.limit.tryAcquire(peer?.ip ?? 'unknown');
    if (!release) {
      refuse('too many connections from this address', {});
      return;
    }
    const admission = this.#openFeed(sock, remote);
    if ('refused' in admission) {
      release();
      refuse(admission.refused, admission.fields);
      return;
    }
    const { feed, key, encrypted } = admission;
    const publisher = new SrtPublisher({
      sock,
      remote,
      feed,
      release,
      log: this.#options.log,
      onEnd: (ended) => {
        this.#publishers.delete(ended.sock);
        this.#loop?.remove(ended.sock);
      },
    });
    this.#publishers.set(sock, publisher);
    this.#loop?.add(sock, SRT_EPOLL_IN | SRT_EPOLL_ERR, 'media');
    this.#log('info', 'SRT publisher connected', {
      stream: feed.stream.streamName,
      remote,
      key: maskSecret(key),
      encrypted,
    });
  }

  /** Takes the stream for an accepted connection through the gate (the real take-over). */
  #openFeed(
    sock: number,
    remote: string,
  ):
    | { feed: IngestFeed; key: string; encrypted: boolean }
    | { refused: string; fields: Record<string, unknown> } {
    const parsed = parseStreamId(getStringOption(sock, SRTO.STREAMID) ?? '');
    if (!parsed.ok) return { refused: 'the connection has no valid stream id', fields: {} };
    const key = parsed.streamKey;
    const opened = this.#options.gate.open({
      protocol: 'srt',
      streamKey: key,
      remoteAddress: remote,
      container: 'mpegts',
    });
    if (!opened.ok)
      return { refused: opened.reason, fields: { key: maskSecret(key), status: opened.status } };
    const { feed } = opened;
    const handshakePassphrase = this.#keys.get(key)?.passphrase || undefined;
    if ((feed.stream.srtPassphrase || undefined) !== handshakePassphrase) {
      // The handshake used an older table than the stream has now: no stale passphrase gets through.
      feed.end('SRT passphrase changed since the key table was refreshed');
      return {
        refused: 'the stream passphrase changed since the key table was refreshed',
        fields: { key: maskSecret(key) },
      };
    }
    return { feed, key, encrypted: handshakePassphrase !== undefined };
  }

  #drainHandshakes(): void {
    if (!this.#gate) return;
    const { handshakes, dropped } = this.#gate.takeHandshakes();
    if (handshakes.length > 0 || dropped > 0) this.#handshakes.record(handshakes, dropped);
  }

  #reportStats(): void {
    for (const publisher of this.#publishers.values()) publisher.reportStats();
    this.#handshakes.sweep();
  }

  #log(level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void {
    this.#options.log?.(level, message, fields);
  }
}
