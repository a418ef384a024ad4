import type { Socket } from 'node:net';
import type { IngestFeed, PublishGate } from '../../defs/ingest.ts';
import { maskSecret } from '../../state/secret-token.ts';
import { FlvFeedWriter } from './flv-feed-writer.ts';
import { flvMetadataOf } from './flv-metadata.ts';
import {
  GuardedRtmpProtocol,
  type PublishVerdict,
  type RtmpProtocolLimits,
} from './guarded-rtmp-protocol.ts';
import { PublisherStats } from './publisher-stats.ts';
import type { RtmpLog } from './rtmp-log.ts';

export interface RtmpPublishSessionOptions {
  socket: Socket;
  protocol: 'rtmp' | 'rtmps';
  /** `ip:port` of the peer. */
  remoteAddress: string;
  app: string;
  gate: Pick<PublishGate, 'open'>;
  log: RtmpLog;
  /** From accept until an authorised publish (TCP/TLS handshake, RTMP handshake, connect, publish). */
  handshakeTimeoutMs: number;
  /** A publishing encoder that sends nothing for this long is dropped. */
  idleTimeoutMs: number;
  statsIntervalMs: number;
  limits: RtmpProtocolLimits;
  /** Called once when the socket has closed. */
  onGone: () => void;
}

/** Printable ASCII without spaces: what a stream key can be, and nothing that bends a log line. */
const STREAM_KEY = /^[\x21-\x7e]{1,256}$/;
/** How long a refused peer may take to read our error reply and hang up. */
const REFUSED_LINGER_MS = 2_000;

/**
 * One RTMP(S) connection, from accept to close: the guarded protocol parses it, the gate
 * authorises its publish, and its media reaches the feed as FLV. Whatever the peer sends,
 * the worst outcome is this connection closing with a log line.
 */
export class RtmpPublishSession {
  readonly #options: RtmpPublishSessionOptions;
  readonly #protocol: GuardedRtmpProtocol;
  readonly #writer = new FlvFeedWriter();
  readonly #stats = new PublisherStats();
  #feed: IngestFeed | undefined;
  #maskedKey = '';
  #handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  #statsTimer: ReturnType<typeof setInterval> | undefined;
  #lastDataAt = performance.now();
  #closed = false;
  #finished = false;
  #refusalLogged = false;

  constructor(options: RtmpPublishSessionOptions) {
    this.#options = options;
    this.#protocol = new GuardedRtmpProtocol({
      app: options.app,
      limits: options.limits,
      events: {
        output: (bytes) => {
          if (!this.#closed) options.socket.write(bytes);
        },
        publish: (streamKey) => this.#authorise(streamKey),
        refused: (reason) => this.#refuse(reason),
        packet: (packet) => {
          if (this.#closed || !this.#feed) return;
          const metadata = flvMetadataOf(packet);
          if (metadata) this.#stats.noteMetadata(metadata.values);
          this.#stats.notePacket(packet);
          const bytes = this.#writer.bytesFor(packet, metadata);
          if (!bytes) return;
          this.#stats.noteFlvBytes(bytes.length);
          if (!this.#feed.write(bytes)) this.close('the feed took no more bytes (closed or backlog full)');
        },
      },
    });
  }

  start(): void {
    const { socket } = this.#options;
    socket.on('data', (data: Buffer) => this.#onData(data));
    socket.on('error', (error) => {
      if (!this.#feed && !this.#closed) {
        // A TLS handshake that fails (garbage on the RTMPS port) surfaces here.
        this.#options.log('info', 'rtmp connection dropped: socket error', {
          ...this.#logFields(),
          reason: error.message,
        });
      }
      this.close(`socket error: ${error.message}`);
    });
    socket.on('close', () => {
      this.#closed = true;
      this.#finish('publisher disconnected');
      this.#options.onGone();
    });
    this.#handshakeTimer = setTimeout(() => {
      if (this.#feed || this.#closed) return;
      const reason = `no authorised publish within ${this.#options.handshakeTimeoutMs} ms`;
      this.#options.log('warn', 'rtmp connection dropped: handshake timeout', {
        ...this.#logFields(),
        reason,
      });
      this.close(reason);
    }, this.#options.handshakeTimeoutMs);
  }

  /** Drops the connection now (kick, shutdown, bad input). */
  close(reason: string): void {
    this.#closed = true;
    this.#finish(reason);
    this.#options.socket.destroy();
  }

  #onData(data: Buffer): void {
    if (this.#closed) return;
    this.#lastDataAt = performance.now();
    this.#stats.noteBytesReceived(data.length);
    try {
      const error = this.#protocol.parserData(data);
      if (error) this.#dropForBadInput(error);
    } catch (error) {
      // node-media-server throws on many malformed inputs (AMF, buffer reads): never past here.
      this.#dropForBadInput(error instanceof Error ? error.message : String(error));
    }
  }

  #dropForBadInput(reason: string): void {
    if (this.#closed) return;
    this.#options.log('warn', 'rtmp connection dropped: bad input', { ...this.#logFields(), reason });
    this.close(`bad input: ${reason}`);
  }

  #authorise(streamKey: string): PublishVerdict {
    const { gate, protocol, remoteAddress } = this.#options;
    if (!STREAM_KEY.test(streamKey)) {
      return this.#refusedPublish(400, 'NetStream.Publish.BadName', 'malformed or missing stream key');
    }
    this.#maskedKey = maskSecret(streamKey);
    const opened = gate.open({ protocol, streamKey, remoteAddress, container: 'flv' });
    if (!opened.ok) {
      const code = opened.status === 409 ? 'NetStream.Publish.BadName' : 'NetStream.Publish.Rejected';
      return this.#refusedPublish(opened.status, code, opened.reason);
    }
    const feed = opened.feed;
    this.#feed = feed;
    clearTimeout(this.#handshakeTimer);
    feed.onClose((reason) => this.close(`closed by the origin: ${reason}`));
    this.#statsTimer = setInterval(() => this.#tick(), this.#options.statsIntervalMs);
    this.#options.log('info', 'rtmp publish started', {
      ...this.#logFields(),
      streamId: feed.stream.streamId,
      streamName: feed.stream.streamName,
    });
    return { ok: true };
  }

  #refusedPublish(status: number, code: string, reason: string): PublishVerdict {
    this.#options.log('warn', 'rtmp publish refused', { ...this.#logFields(), status, reason });
    this.#refusalLogged = true;
    return { ok: false, code, description: reason };
  }

  /** The peer was told why; give it a moment to read that, then make sure it is gone. */
  #refuse(reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#refusalLogged)
      this.#options.log('info', 'rtmp connection refused', { ...this.#logFields(), reason });
    this.#finish(reason);
    const { socket } = this.#options;
    socket.end();
    setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
  }

  #tick(): void {
    if (!this.#feed || this.#closed) return;
    if (performance.now() - this.#lastDataAt > this.#options.idleTimeoutMs) {
      this.#options.log('warn', 'rtmp publisher idle: dropped', this.#logFields());
      this.close(`no data for ${this.#options.idleTimeoutMs} ms`);
      return;
    }
    this.#feed.reportStats(this.#stats.sample());
  }

  /** Ends the publish once, whichever comes first: our close, a refusal, or the socket closing. */
  #finish(reason: string): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#closed = true;
    clearTimeout(this.#handshakeTimer);
    clearInterval(this.#statsTimer);
    if (this.#feed) {
      this.#feed.reportStats(this.#stats.sample());
      this.#feed.end(reason);
      this.#options.log('info', 'rtmp publish ended', { ...this.#logFields(), reason });
    }
  }

  #logFields(): Record<string, unknown> {
    const { protocol, remoteAddress } = this.#options;
    return this.#maskedKey
      ? { protocol, remoteAddress, streamKey: this.#maskedKey }
      : { protocol, remoteAddress };
  }
}
