/**
 * Test double for the origin's side of the ingest contract: a gate that knows a set of keys
 * and feeds that record what RTMP ingest hands them. (Our own port, so a fake is fine.)
 */
import type {
  AuthorizeResult,
  IngestContainer,
  IngestFeed,
  OpenResult,
  ProtocolStats,
  PublishGate,
  PublishRequest,
} from '../../defs/ingest.ts';

export class RecordingFeed implements IngestFeed {
  readonly stream;
  readonly chunks: Uint8Array[] = [];
  readonly stats: ProtocolStats[] = [];
  bytes = 0;
  firstWriteAt: number | undefined;
  endReason: string | undefined;
  /** When false, write() answers false (the origin's backlog is full). */
  accept = true;
  #closed = false;
  #closeListeners: ((reason: string) => void)[] = [];

  constructor(streamName: string) {
    this.stream = { streamId: `str_${streamName}`, streamName, srtLatencyMs: 120 };
  }

  write(bytes: Uint8Array): boolean {
    if (this.#closed) return false;
    this.firstWriteAt ??= performance.now();
    this.chunks.push(bytes.slice());
    this.bytes += bytes.length;
    return this.accept;
  }

  reportStats(stats: ProtocolStats): void {
    this.stats.push(stats);
  }

  end(reason: string): void {
    this.endReason ??= reason;
  }

  onClose(listener: (reason: string) => void): void {
    this.#closeListeners.push(listener);
  }

  /** What the origin does on takeover, disable or shutdown. */
  kick(reason: string): void {
    this.#closed = true;
    for (const listener of this.#closeListeners) listener(reason);
  }

  flvBytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  get latestStats(): ProtocolStats | undefined {
    return this.stats.at(-1);
  }
}

export class RecordingPublishGate implements PublishGate {
  readonly requests: (PublishRequest & { container: IngestContainer })[] = [];
  readonly feeds: RecordingFeed[] = [];
  readonly #keys: Map<string, string>;

  /** `keys`: stream key → stream name. */
  constructor(keys: Record<string, string>) {
    this.#keys = new Map(Object.entries(keys));
  }

  authorize(request: PublishRequest): AuthorizeResult {
    const name = this.#keys.get(request.streamKey);
    if (!name) return { ok: false, status: 401, reason: 'unknown stream key' };
    return { ok: true, stream: { streamId: `str_${name}`, streamName: name, srtLatencyMs: 120 } };
  }

  open(request: PublishRequest & { container: IngestContainer }): OpenResult {
    this.requests.push(request);
    const name = this.#keys.get(request.streamKey);
    if (!name) return { ok: false, status: 401, reason: 'unknown stream key' };
    const feed = new RecordingFeed(name);
    this.feeds.push(feed);
    return { ok: true, feed };
  }

  /** The latest feed opened for a stream name. */
  feedFor(streamName: string): RecordingFeed | undefined {
    return this.feeds.findLast((feed) => feed.stream.streamName === streamName);
  }
}
