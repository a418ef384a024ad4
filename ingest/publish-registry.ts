import type {
  AuthorizeResult,
  IngestContainer,
  OpenResult,
  PublishGate,
  PublishRequest,
} from '../defs/ingest.ts';
import type { LogPort } from '../defs/log.ts';
import type { StreamStore } from '../defs/ports.ts';
import type { StreamRecord } from '../defs/stream.ts';
import { maskSecret } from '../state/secret-token.ts';
import { type IngestStatus, offlineStatus } from './ingest-status.ts';
import { PublisherFeed } from './publisher-feed.ts';

/** Where authorised bytes go (the origin puts a packager behind it). Keyed by stream id. */
export interface IngestSink {
  /** A publisher took the stream: start packaging, or continue a stream still open (`resumed`). */
  begin(stream: StreamRecord, container: IngestContainer, resumed: boolean): void;
  /** False: the sink takes no more from this publisher (its backlog is full, FFmpeg failed). */
  write(streamId: string, bytes: Uint8Array): boolean;
  /** The publisher left; the stream stays open for the grace period. */
  pause(streamId: string): void;
  /** No publisher came back in time, or the operator ended it: the stream ends. */
  end(streamId: string, reason: string): void;
}

export type IngestLog = LogPort;

export interface PublishRegistryOptions {
  streams: Pick<StreamStore, 'findByKey'>;
  sink: IngestSink;
  /** How long a stream waits for its publisher to come back before it ends (0: ends at once). */
  reconnectGraceMs: number;
  /** A publisher that sends nothing for this long is dropped. */
  silenceTimeoutMs: number;
  onStatus?: (stream: StreamRecord, status: IngestStatus) => void;
  /** A publish was refused (metrics). */
  onRefused?: (request: PublishRequest, status: 401 | 403 | 409) => void;
  log?: IngestLog;
  now?: () => number;
}

interface StreamSlot {
  stream: StreamRecord;
  feed?: PublisherFeed;
  graceTimer?: ReturnType<typeof setTimeout>;
  status: IngestStatus;
}

/**
 * The one owner of "who publishes which stream": authorises keys, admits one publisher
 * per stream (a second is refused, or takes over when the stream says so), holds a
 * stream open for a publisher that drops and comes back, and drops silent publishers.
 * Every protocol listener goes through it (see defs/ingest.ts).
 */
export class PublishRegistry implements PublishGate {
  readonly #options: PublishRegistryOptions;
  readonly #slots = new Map<string, StreamSlot>();
  readonly #now: () => number;
  #sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(options: PublishRegistryOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  start(): void {
    this.#sweeper ??= setInterval(() => this.#dropSilent(), Math.min(1000, this.#options.silenceTimeoutMs));
  }

  authorize(request: PublishRequest): AuthorizeResult {
    const stream = this.#options.streams.findByKey(request.streamKey);
    const refuse = (status: 401 | 403 | 409, reason: string): AuthorizeResult => {
      this.#options.onRefused?.(request, status);
      this.#options.log?.('warn', `publish refused: ${reason}`, {
        protocol: request.protocol,
        key: maskSecret(request.streamKey),
        remote: request.remoteAddress,
        status,
      });
      return { ok: false, status, reason };
    };
    if (!stream) return refuse(401, 'unknown stream key');
    if (!stream.enabled) return refuse(403, `stream "${stream.name}" is disabled`);
    const live = this.#slots.get(stream.id)?.feed;
    if (live && stream.publisherPolicy === 'reject')
      return refuse(
        409,
        `stream "${stream.name}" already has a publisher (${live.protocol} from ${live.remoteAddress})`,
      );
    return {
      ok: true,
      stream: {
        streamId: stream.id,
        streamName: stream.name,
        srtPassphrase: stream.srtPassphrase ?? undefined,
        srtLatencyMs: stream.srtLatencyMs,
      },
    };
  }

  open(request: PublishRequest & { container: IngestContainer }): OpenResult {
    const decision = this.authorize(request);
    if (!decision.ok) return decision;
    const stream = this.#options.streams.findByKey(request.streamKey) as StreamRecord;
    const slot = this.#slots.get(stream.id) ?? { stream, status: offlineStatus() };
    this.#slots.set(stream.id, slot);
    slot.stream = stream;
    const previous = slot.feed;
    if (previous) {
      slot.feed = undefined;
      previous.close(`taken over by a ${request.protocol} publisher from ${request.remoteAddress}`);
    }
    const resumed = previous !== undefined || slot.graceTimer !== undefined;
    clearTimeout(slot.graceTimer);
    slot.graceTimer = undefined;

    const feed = new PublisherFeed({
      stream: decision.stream,
      protocol: request.protocol,
      remoteAddress: request.remoteAddress,
      now: this.#now,
      write: (bytes) => this.#options.sink.write(stream.id, bytes),
      onEnd: (ended, reason) => this.#publisherGone(slot, ended, reason),
    });
    slot.feed = feed;
    slot.status = {
      ...feed.status(),
      state: 'live',
      reconnects: slot.status.reconnects + (resumed ? 1 : 0),
    };
    this.#options.sink.begin(stream, request.container, resumed);
    this.#options.log?.('info', resumed ? 'publisher resumed the stream' : 'publisher connected', {
      stream: stream.name,
      protocol: request.protocol,
      remote: request.remoteAddress,
      key: maskSecret(request.streamKey),
    });
    this.#report(slot);
    return { ok: true, feed };
  }

  /** Current ingest status of a stream (offline when nobody publishes or waits). */
  status(streamId: string): IngestStatus {
    const slot = this.#slots.get(streamId);
    if (!slot) return offlineStatus();
    if (slot.feed) return { ...slot.feed.status(), state: 'live', reconnects: slot.status.reconnects };
    return slot.status;
  }

  /** Streams with a publisher or waiting for one to come back. */
  active(): { stream: StreamRecord; status: IngestStatus }[] {
    return [...this.#slots.values()].map((slot) => ({
      stream: slot.stream,
      status: this.status(slot.stream.id),
    }));
  }

  /** Disconnect the publisher and end the stream now (disabled, deleted, key rotated). */
  kick(streamId: string, reason: string): void {
    const slot = this.#slots.get(streamId);
    if (!slot) return;
    const feed = slot.feed;
    slot.feed = undefined;
    feed?.close(reason);
    this.#endStream(slot, reason);
  }

  close(): void {
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    for (const id of [...this.#slots.keys()]) this.kick(id, 'origin shutting down');
  }

  #publisherGone(slot: StreamSlot, feed: PublisherFeed, reason: string): void {
    if (slot.feed !== feed) return; // taken over or kicked: already handled
    slot.feed = undefined;
    this.#options.log?.('info', `publisher left: ${reason}`, {
      stream: slot.stream.name,
      protocol: feed.protocol,
      remote: feed.remoteAddress,
    });
    const grace = this.#options.reconnectGraceMs;
    if (grace <= 0) {
      this.#endStream(slot, reason);
      return;
    }
    this.#options.sink.pause(slot.stream.id);
    slot.status = { ...feed.status(), state: 'reconnecting', reconnects: slot.status.reconnects };
    slot.graceTimer = setTimeout(
      () => this.#endStream(slot, `${reason}; no publisher within ${grace} ms`),
      grace,
    );
    this.#report(slot);
  }

  #endStream(slot: StreamSlot, reason: string): void {
    clearTimeout(slot.graceTimer);
    slot.graceTimer = undefined;
    if (this.#slots.get(slot.stream.id) !== slot) return;
    this.#slots.delete(slot.stream.id);
    this.#options.sink.end(slot.stream.id, reason);
    slot.status = { ...offlineStatus(), lastPacketAt: slot.status.lastPacketAt, reconnects: 0 };
    this.#report(slot);
  }

  #dropSilent(): void {
    const limit = this.#options.silenceTimeoutMs;
    const now = this.#now();
    for (const slot of this.#slots.values()) {
      const feed = slot.feed;
      if (feed && now - feed.lastActivityAt > limit) {
        const reason = `no data for ${Math.round((now - feed.lastActivityAt) / 1000)} s`;
        feed.close(reason);
        this.#publisherGone(slot, feed, reason);
      }
    }
  }

  #report(slot: StreamSlot): void {
    this.#options.onStatus?.(slot.stream, this.status(slot.stream.id));
  }
}
