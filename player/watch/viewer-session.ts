import { isLive } from './live-probe.ts';
import type { EngineStop, PlaybackEngine, Protocol } from './playback-engine.ts';

export type SessionState = 'loading' | 'playing' | 'offline';

export interface ViewerSessionOptions {
  video: HTMLVideoElement;
  urls: Record<Protocol, string>;
  protocol: Protocol;
  abr: 'ours' | 'default';
  targetLatencySeconds?: number;
  /** How often an offline stream is checked, ms. */
  retryMs?: number;
  /** No progress for this long while it should play: start over (ms). */
  stallRestartMs?: number;
  onChange: () => void;
}

/**
 * One viewer's playback: the engine for the chosen protocol (loaded on demand, so an HLS
 * viewer never downloads dash.js), and the offline loop. When the stream ends or fails,
 * the engine is dropped, the page says "offline", and the stream is checked every few
 * seconds; when it is live again a fresh engine starts. A playback stuck without an
 * error (no progress for a while) starts over the same way.
 */
export class ViewerSession {
  state: SessionState = 'loading';
  engine: PlaybackEngine | undefined;
  protocol: Protocol;
  lastStop: EngineStop | undefined;
  stalls = 0;
  restarts = 0;
  private readonly options: ViewerSessionOptions;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private generation = 0;
  private lastProgress = { time: -1, atMs: 0 };
  private playedOnce = false;
  private closed = false;

  constructor(options: ViewerSessionOptions) {
    this.options = options;
    this.protocol = options.protocol;
    const video = options.video;
    video.addEventListener('playing', () => {
      this.playedOnce = true;
      this.setState('playing');
    });
    // A stall is the video waiting for data after it has played (seeks excluded).
    video.addEventListener('waiting', () => {
      if (this.playedOnce && !video.seeking && this.state === 'playing') this.stalls++;
    });
  }

  start(): void {
    this.closed = false;
    void this.load();
    this.watchdog = setInterval(() => this.checkProgress(), 1000);
  }

  switchProtocol(protocol: Protocol): void {
    if (protocol === this.protocol) return;
    this.protocol = protocol;
    this.dropEngine();
    void this.load();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.watchdog);
    clearTimeout(this.retryTimer);
    this.dropEngine();
  }

  private async load(): Promise<void> {
    const generation = ++this.generation;
    this.setState('loading');
    const protocol = this.protocol;
    const create =
      protocol === 'hls'
        ? (await import('../hls/hls-engine.ts')).hlsEngine
        : (await import('../dash/dash-engine.ts')).dashEngine;
    if (generation !== this.generation || this.closed) return;
    this.lastProgress = { time: -1, atMs: performance.now() };
    this.engine = create({
      video: this.options.video,
      url: this.options.urls[protocol],
      targetLatencySeconds: this.options.targetLatencySeconds,
      abr: this.options.abr,
      onRenditions: () => this.options.onChange(),
      onStop: (stop) => {
        if (generation === this.generation) this.goOffline(stop);
      },
    });
    // No play() here: the element autoplays (muted). A play() before the engine sets a source
    // is followed by a `pause` event, and dash.js stops refreshing the MPD while paused.
    this.options.onChange();
  }

  private goOffline(stop: EngineStop): void {
    this.lastStop = stop;
    console.info(`tidewater player: offline (${stop.reason === 'ended' ? 'stream ended' : stop.detail})`);
    this.dropEngine();
    this.setState('offline');
    const generation = this.generation;
    const check = async () => {
      if (this.closed || generation !== this.generation) return;
      if (await isLive(this.protocol, this.options.urls[this.protocol])) {
        if (generation !== this.generation || this.closed) return;
        this.restarts++;
        void this.load();
      } else {
        this.retryTimer = setTimeout(check, this.options.retryMs ?? 2000);
      }
    };
    this.retryTimer = setTimeout(check, this.options.retryMs ?? 2000);
  }

  private checkProgress(): void {
    const video = this.options.video;
    if (this.state === 'offline' || !this.engine || video.paused) {
      this.lastProgress = { time: video.currentTime, atMs: performance.now() };
      return;
    }
    if (video.currentTime !== this.lastProgress.time) {
      this.lastProgress = { time: video.currentTime, atMs: performance.now() };
      return;
    }
    if (performance.now() - this.lastProgress.atMs > (this.options.stallRestartMs ?? 10_000))
      this.goOffline({ reason: 'error', detail: 'no progress' });
  }

  private dropEngine(): void {
    this.generation++;
    this.engine?.close();
    this.engine = undefined;
    const video = this.options.video;
    video.removeAttribute('src');
    video.load();
    this.playedOnce = false;
  }

  private setState(state: SessionState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onChange();
  }
}
