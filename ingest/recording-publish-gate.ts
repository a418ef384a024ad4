/**
 * Test double for the origin's side of the ingest contract (our own port, so a fake is
 * fine): a gate with a fixed set of streams whose feeds record what a listener hands them
 * (RTMP, SRT and pull tests share it).
 */
import type {
  AuthorizedStream,
  AuthorizeResult,
  IngestContainer,
  IngestFeed,
  OpenResult,
  ProtocolStats,
  PublishGate,
  PublishRequest,
} from '../defs/ingest.ts';
import type { SrtKeyEntry } from './srt/srt-listen-gate.ts';

export interface TestStream {
  streamKey: string;
  name: string;
  passphrase?: string;
  latencyMs?: number;
}

export class RecordingFeed implements IngestFeed {
  readonly stream: AuthorizedStream;
  readonly chunks: Uint8Array[] = [];
  readonly writeTimes: number[] = [];

  /** performance.now() of the first write, once there was one. */
  get firstWriteAt(): number | undefined {
    return this.writeTimes[0];
  }
  readonly stats: ProtocolStats[] = [];
  bytes = 0;
  endReason: string | undefined;
  /** When false, write() answers false (the origin's backlog is full). */
  accept = true;
  #closed = false;
  readonly #closeListeners: ((reason: string) => void)[] = [];

  constructor(stream: AuthorizedStream) {
    this.stream = stream;
  }

  write(bytes: Uint8Array): boolean {
    if (this.#closed) return false;
    this.chunks.push(bytes.slice());
    this.writeTimes.push(performance.now());
    this.bytes += bytes.length;
    return this.accept;
  }

  reportStats(stats: ProtocolStats): void {
    this.stats.push({ ...stats });
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
    for (const listener of this.#closeListeners.splice(0)) listener(reason);
  }

  concat(): Buffer {
    return Buffer.concat(this.chunks);
  }

  get latestStats(): ProtocolStats | undefined {
    return this.stats.at(-1);
  }
}

export class RecordingPublishGate implements PublishGate {
  readonly opened: (PublishRequest & { container: IngestContainer })[] = [];
  readonly feeds: RecordingFeed[] = [];
  readonly #streams: Map<string, TestStream>;

  constructor(streams: TestStream[]) {
    this.#streams = new Map(streams.map((stream) => [stream.streamKey, stream]));
  }

  add(stream: TestStream): void {
    this.#streams.set(stream.streamKey, stream);
  }

  /** The SRT key table for these streams (what the origin derives from its stream store). */
  srtKeys(): SrtKeyEntry[] {
    return [...this.#streams.values()].map((stream) => ({
      streamKey: stream.streamKey,
      passphrase: stream.passphrase,
      latencyMs: stream.latencyMs ?? 120,
    }));
  }

  authorize(request: PublishRequest): AuthorizeResult {
    const stream = this.#streams.get(request.streamKey);
    if (!stream) return { ok: false, status: 401, reason: 'unknown stream key' };
    return {
      ok: true,
      stream: {
        streamId: `str_${stream.name}`,
        streamName: stream.name,
        srtPassphrase: stream.passphrase,
        srtLatencyMs: stream.latencyMs ?? 120,
      },
    };
  }

  open(request: PublishRequest & { container: IngestContainer }): OpenResult {
    this.opened.push(request);
    const decision = this.authorize(request);
    if (!decision.ok) return decision;
    const feed = new RecordingFeed(decision.stream);
    this.feeds.push(feed);
    return { ok: true, feed };
  }

  /** The latest feed opened for a stream name. */
  feedFor(streamName: string): RecordingFeed | undefined {
    return this.feeds.findLast((feed) => feed.stream.streamName === streamName);
  }
}
