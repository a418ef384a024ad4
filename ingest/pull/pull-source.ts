import type { Subprocess } from 'bun';
import type { IngestFeed, PublishGate } from '../../defs/ingest.ts';
import { childOutputOn } from '../../ffmpeg/child-output.ts';
import { TS_SOURCE_FD } from '../../ffmpeg/mpegts-copy-output-args.ts';
import { pullArgs } from '../../ffmpeg/pull-args.ts';
import { FfmpegSupervisor, type SupervisorState } from '../../ffmpeg/supervisor.ts';
import type { IngestLog } from '../publish-registry.ts';

export interface PullSourceOptions {
  /** RTMP, RTSP, SRT, HLS or UDP URL. May carry secrets: it is never logged whole. */
  url: string;
  /** The stream the pulled media publishes to (the gate authorises it like any publisher). */
  streamKey: string;
  streamName: string;
  gate: Pick<PublishGate, 'open'>;
  log?: IngestLog;
  /** First retry delay and its cap; retries go on forever (a pull source is meant to be there). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

/**
 * A stream whose source the origin fetches: FFmpeg pulls the URL and remuxes it to
 * MPEG-TS, which is published through the gate like a pushed feed. A failed or ended
 * pull is retried with backoff; each comeback within the grace period continues the
 * same playlists.
 */
export class PullSource {
  readonly #options: PullSourceOptions;
  readonly #supervisor: FfmpegSupervisor;
  /** Where we pull from, without path, query or credentials (keys travel in them). */
  readonly remoteAddress: string;
  #feed: IngestFeed | undefined;
  lastError: string | undefined;

  constructor(options: PullSourceOptions) {
    this.#options = options;
    const url = new URL(options.url);
    this.remoteAddress = `${url.protocol}//${url.host}`;
    pullArgs({ url: options.url }); // refuse an unsupported scheme now, not at the first spawn
    this.#supervisor = new FfmpegSupervisor({
      name: `pull:${options.streamName}`,
      args: () => pullArgs({ url: options.url }),
      extraPipes: 1,
      restartOnCleanExit: true,
      restart: {
        initialDelayMs: options.retryDelayMs ?? 1000,
        maxDelayMs: options.maxRetryDelayMs ?? 30_000,
        maxAttempts: 0,
      },
      onSpawn: (proc) => void this.#pump(proc),
    });
    this.#supervisor.on('exit', (exit) => {
      const tail = this.#supervisor.stderrTail().filter((line) => !line.startsWith('---'));
      this.lastError = tail.at(-1) ?? `ffmpeg exited with code ${exit.code}`;
    });
  }

  get state(): SupervisorState {
    return this.#supervisor.state;
  }

  start(): void {
    this.#supervisor.start();
  }

  async close(): Promise<void> {
    await this.#supervisor.stop();
    this.#feed?.end('pull stopped');
    this.#feed = undefined;
  }

  async #pump(proc: Subprocess): Promise<void> {
    let feed: IngestFeed | undefined;
    // Set when the gate refused or the feed would not take bytes: the process is being killed.
    let stopped = false;
    try {
      await childOutputOn(proc, TS_SOURCE_FD, 'the pulled MPEG-TS').read((bytes) => {
        if (stopped) return;
        // Publish only once media flows: a source that cannot be reached never shows as live.
        feed ??= this.#open(proc);
        if (feed?.write(bytes)) return;
        stopped = true;
        if (feed) proc.kill('SIGKILL'); // #open kills a refused one itself
      });
    } catch (error) {
      this.lastError = String(error);
    } finally {
      if (feed) {
        feed.end(`pull ended: ${this.lastError ?? 'source closed'}`);
        if (this.#feed === feed) this.#feed = undefined;
      }
    }
  }

  #open(proc: Subprocess): IngestFeed | undefined {
    const opened = this.#options.gate.open({
      protocol: 'pull',
      streamKey: this.#options.streamKey,
      remoteAddress: this.remoteAddress,
      container: 'mpegts',
    });
    if (!opened.ok) {
      this.lastError = `refused: ${opened.reason}`;
      proc.kill('SIGKILL'); // retried after the backoff
      return undefined;
    }
    this.#feed = opened.feed;
    opened.feed.onClose((reason) => {
      this.#options.log?.('info', `pull source closed by the origin: ${reason}`, {
        stream: this.#options.streamName,
        source: this.remoteAddress,
      });
      proc.kill('SIGKILL');
    });
    return opened.feed;
  }
}
