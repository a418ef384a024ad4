import type { IngestFeed, PublishGate } from '../../defs/ingest.ts';
import { SrtCaller } from '../srt/srt-caller.ts';
import type { PullSourceOptions } from './pull-source.ts';

/** The same settings as an FFmpeg pull; the URL must be `srt://` (latency in ms). */
export type SrtPullSourceOptions = PullSourceOptions;

/**
 * An SRT pull in-process: libsrt in caller mode (no FFmpeg hop), MPEG-TS published
 * through the gate like any source, reconnecting with backoff after every failure.
 */
export class SrtPullSource {
  readonly remoteAddress: string;
  readonly #options: SrtPullSourceOptions;
  #caller: SrtCaller | undefined;
  #feed: IngestFeed | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #stopped = false;
  lastError: string | undefined;

  constructor(options: SrtPullSourceOptions) {
    this.#options = options;
    const url = new URL(options.url);
    this.remoteAddress = `srt://${url.host}`;
    // Validate now (throws on a bad URL, without echoing its secrets).
    new SrtCaller({ url: options.url, onData() {}, onClosed() {} });
  }

  get state(): 'running' | 'backoff' | 'stopped' {
    return this.#stopped ? 'stopped' : this.#caller ? 'running' : 'backoff';
  }

  start(): void {
    this.#stopped = false;
    this.#connect();
  }

  async close(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#caller?.close();
    this.#caller = undefined;
    this.#endFeed('pull stopped');
  }

  #connect(): void {
    if (this.#stopped) return;
    const caller = new SrtCaller({
      url: this.#options.url,
      log: this.#options.log,
      onData: (bytes) => {
        if (caller !== this.#caller) return;
        this.#feed ??= this.#open();
        if (!this.#feed) return this.#retry(caller, this.lastError ?? 'refused');
        this.#failures = 0;
        if (!this.#feed.write(bytes)) this.#retry(caller, 'the packager takes no more data');
      },
      onStats: (stats) => this.#feed?.reportStats({ ...stats }),
      onClosed: (reason) => this.#retry(caller, reason),
    });
    this.#caller = caller;
    caller.start();
  }

  #open(): IngestFeed | undefined {
    const opened = this.#options.gate.open({
      protocol: 'pull',
      streamKey: this.#options.streamKey,
      remoteAddress: this.remoteAddress,
      container: 'mpegts',
    });
    if (!opened.ok) {
      this.lastError = `refused: ${opened.reason}`;
      return undefined;
    }
    opened.feed.onClose(() => {
      if (this.#feed === opened.feed) this.#feed = undefined;
      const caller = this.#caller;
      if (caller) this.#retry(caller, 'closed by the origin');
    });
    return opened.feed;
  }

  #retry(caller: SrtCaller, reason: string): void {
    if (caller !== this.#caller) return;
    this.#caller = undefined;
    caller.close();
    this.lastError = reason;
    this.#endFeed(`pull ended: ${reason}`);
    if (this.#stopped) return;
    this.#failures++;
    const base = this.#options.retryDelayMs ?? 1000;
    const delay = Math.min(this.#options.maxRetryDelayMs ?? 30_000, base * 2 ** (this.#failures - 1));
    // Jitter: many origins re-pulling one source after its restart do not all arrive at once.
    this.#timer = setTimeout(() => this.#connect(), delay * (0.8 + Math.random() * 0.4));
  }

  #endFeed(reason: string): void {
    const feed = this.#feed;
    this.#feed = undefined;
    feed?.end(reason);
  }
}
