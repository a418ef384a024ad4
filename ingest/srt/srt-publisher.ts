import type { IngestFeed } from '../../defs/ingest.ts';
import type { IngestLog } from '../publish-registry.ts';
import { libsrt } from './libsrt.ts';
import { SRT_EPOLL_ERR, SRTS } from './srt-constants.ts';
import type { SrtMessageReader } from './srt-message-reader.ts';
import { SrtStatsSampler } from './srt-stats.ts';

/** Who ended a publisher: it left, the origin closed its feed, the feed refused bytes, or shutdown. */
export type PublisherEnd = 'peer' | 'origin' | 'feed' | 'listener';

export interface SrtPublisherOptions {
  sock: number;
  remote: string;
  feed: IngestFeed;
  /** Frees the publisher's per-IP connection slot. */
  release: () => void;
  /** Called once as the publisher ends, before its socket closes (stop polling it). */
  onEnd: (publisher: SrtPublisher) => void;
  log?: IngestLog;
}

/** One accepted SRT connection feeding one stream. */
export class SrtPublisher {
  readonly sock: number;
  readonly remote: string;
  readonly feed: IngestFeed;
  readonly #options: SrtPublisherOptions;
  readonly #stats = new SrtStatsSampler();
  #ended = false;

  constructor(options: SrtPublisherOptions) {
    this.#options = options;
    this.sock = options.sock;
    this.remote = options.remote;
    this.feed = options.feed;
    this.feed.onClose((reason) => this.end(reason, 'origin'));
  }

  /** Hands what is ready to the feed; ends the publisher when the feed refuses or the peer is gone. */
  receive(reader: SrtMessageReader, events: number): void {
    if (this.#ended) return;
    const { bytes, error } = reader.read(this.sock);
    if (bytes && !this.feed.write(bytes)) {
      this.end('the origin takes no more bytes from this publisher', 'feed');
    } else if (error) {
      this.end(`publisher disconnected: ${error.message}`, 'peer');
    } else if (events & SRT_EPOLL_ERR && libsrt().srt_getsockstate(this.sock) !== SRTS.CONNECTED) {
      this.end('publisher disconnected', 'peer');
    }
  }

  reportStats(): void {
    const stats = this.#stats.sample(this.sock);
    if (stats) this.feed.reportStats(stats);
  }

  end(reason: string, by: PublisherEnd): void {
    if (this.#ended) return;
    this.#ended = true;
    if (by !== 'origin') this.reportStats();
    this.#options.onEnd(this);
    libsrt().srt_close(this.sock);
    this.#options.release();
    if (by !== 'origin') this.feed.end(reason);
    this.#options.log?.('info', 'SRT publisher disconnected', {
      stream: this.feed.stream.streamName,
      remote: this.remote,
      reason,
    });
  }
}
