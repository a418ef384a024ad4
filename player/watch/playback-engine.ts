/** One rendition as the quality menu shows it. */
export interface Rendition {
  /** The player library's index (hls.js level, dash.js representation). */
  index: number;
  height: number;
  bitrate: number;
}

export type Protocol = 'hls' | 'dash';

/** Why an engine gave up: the session shows "offline" and waits for the stream to return. */
export type EngineStop = { reason: 'ended' } | { reason: 'error'; detail: string };

export interface EngineOptions {
  video: HTMLVideoElement;
  url: string;
  /** Seconds behind the live edge to aim for (catch-up by rate, at most ~1.1x). */
  targetLatencySeconds?: number;
  /** `ours` (default) or the library's own ABR (for comparisons). */
  abr: 'ours' | 'default';
  onRenditions: () => void;
  onStop: (stop: EngineStop) => void;
}

/** hls.js or dash.js behind one face, so the page, the menu and the overlay do not care which. */
export interface PlaybackEngine {
  readonly protocol: Protocol;
  renditions(): Rendition[];
  /** Index of the rendition on screen (-1: unknown). */
  playing(): number;
  /** -1: automatic. */
  selected(): number;
  select(index: number): void;
  /** Seconds behind the live edge, and the target. */
  latency(): number | undefined;
  targetLatency(): number | undefined;
  /** Seconds of media the stream keeps for seeking back, when it is a DVR window. */
  dvrWindowSeconds(): number;
  /** The viewer moved the DVR slider: play from `time` (media time) and stay there. */
  seekTo(time: number): void;
  seekToLive(): void;
  /** Throughput estimate of our ABR (bits/s), when it runs. */
  throughputEstimate(): number | undefined;
  close(): void;
}
