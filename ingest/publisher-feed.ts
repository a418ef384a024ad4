import type { AuthorizedStream, IngestFeed, IngestProtocol, ProtocolStats } from '../defs/ingest.ts';
import type { IngestStatus } from './ingest-status.ts';
import { ReceiveRate } from './receive-rate.ts';

export interface PublisherFeedOptions {
  stream: AuthorizedStream;
  protocol: IngestProtocol;
  remoteAddress: string;
  now: () => number;
  /** Hands bytes on (the registry's sink); false drops the publisher. */
  write: (bytes: Uint8Array) => boolean;
  /** The publisher ended (or was closed); called once. */
  onEnd: (feed: PublisherFeed, reason: string) => void;
}

/** One publisher's connection to its stream: counts what arrives, passes it on, ends once. */
export class PublisherFeed implements IngestFeed {
  readonly stream: AuthorizedStream;
  readonly protocol: IngestProtocol;
  readonly remoteAddress: string;
  readonly connectedAt: number;
  /** Last bytes received, or the connect time before any. */
  lastActivityAt: number;
  #lastPacketAt: number | undefined;
  #bytes = 0;
  #stats: ProtocolStats = {};
  readonly #rate = new ReceiveRate();
  readonly #closeListeners: ((reason: string) => void)[] = [];
  #ended = false;
  readonly #options: PublisherFeedOptions;

  constructor(options: PublisherFeedOptions) {
    this.#options = options;
    this.stream = options.stream;
    this.protocol = options.protocol;
    this.remoteAddress = options.remoteAddress;
    this.connectedAt = options.now();
    this.lastActivityAt = this.connectedAt;
  }

  write(bytes: Uint8Array): boolean {
    if (this.#ended) return false;
    const now = this.#options.now();
    this.#bytes += bytes.length;
    this.#lastPacketAt = now;
    this.lastActivityAt = now;
    this.#rate.add(bytes.length, now);
    return this.#options.write(bytes);
  }

  reportStats(stats: ProtocolStats): void {
    this.#stats = { ...stats };
  }

  end(reason: string): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#options.onEnd(this, reason);
  }

  onClose(listener: (reason: string) => void): void {
    this.#closeListeners.push(listener);
  }

  /** The origin ends this publisher: listeners disconnect it. */
  close(reason: string): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const listener of this.#closeListeners.splice(0)) {
      try {
        listener(reason);
      } catch {
        // a listener's failure to disconnect must not keep the others from running
      }
    }
  }

  status(): IngestStatus {
    const now = this.#options.now();
    return {
      state: 'live',
      protocol: this.protocol,
      remoteAddress: this.remoteAddress,
      connectedAt: new Date(this.connectedAt).toISOString(),
      lastPacketAt: this.#lastPacketAt === undefined ? null : new Date(this.#lastPacketAt).toISOString(),
      bytesReceived: this.#bytes,
      bitrateKbps: Math.round(this.#rate.bitsPerSecond(now) / 1000),
      reconnects: 0,
      protocolStats: this.#stats,
    };
  }
}
