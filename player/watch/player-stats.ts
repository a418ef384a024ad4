import { bufferAhead } from './buffer-ahead.ts';
import type { ViewerSession } from './viewer-session.ts';

/** What the stats overlay shows (and tests read through `window.tidewaterPlayer.stats()`). */
export interface PlayerStats {
  state: string;
  protocol: string;
  /** Seconds behind the live edge, and the target. */
  latency: number | null;
  targetLatency: number | null;
  /** Forward buffer, seconds. */
  buffer: number;
  currentTime: number;
  playbackRate: number;
  /** Bits per second of the rendition on screen. */
  bitrate: number | null;
  rendition: string | null;
  renditions: number;
  /** Throughput estimate, bits per second. */
  throughput: number | null;
  stalls: number;
  droppedFrames: number;
  restarts: number;
  dvrWindow: number;
}

export function readStats(session: ViewerSession, video: HTMLVideoElement): PlayerStats {
  const engine = session.engine;
  const renditions = engine?.renditions() ?? [];
  const playing = engine ? renditions[engine.playing()] : undefined;
  return {
    state: session.state,
    protocol: session.protocol,
    latency: engine?.latency() ?? null,
    targetLatency: engine?.targetLatency() ?? null,
    buffer: bufferAhead(video),
    currentTime: video.currentTime,
    playbackRate: video.playbackRate,
    bitrate: playing?.bitrate ?? null,
    rendition: playing ? `${playing.height}p` : null,
    renditions: renditions.length,
    throughput: engine?.throughputEstimate() ?? null,
    stalls: session.stalls,
    droppedFrames: video.getVideoPlaybackQuality?.().droppedVideoFrames ?? 0,
    restarts: session.restarts,
    dvrWindow: engine?.dvrWindowSeconds() ?? 0,
  };
}

const seconds = (value: number | null) => (value === null ? '-' : `${value.toFixed(2)} s`);
const kbps = (value: number | null) =>
  value === null || !Number.isFinite(value) ? '-' : `${Math.round(value / 1000)} kbps`;

/** The overlay's lines, plain text. */
export function statsText(stats: PlayerStats): string {
  return [
    `protocol    ${stats.protocol.toUpperCase()} (${stats.state})`,
    `latency     ${seconds(stats.latency)} (target ${seconds(stats.targetLatency)})`,
    `buffer      ${seconds(stats.buffer)}`,
    `rendition   ${stats.rendition ?? '-'} ${kbps(stats.bitrate)}`,
    `throughput  ${kbps(stats.throughput)}`,
    `rate        ${stats.playbackRate.toFixed(2)}x`,
    `stalls      ${stats.stalls}   dropped frames ${stats.droppedFrames}`,
    `restarts    ${stats.restarts}${stats.dvrWindow ? `   DVR ${Math.round(stats.dvrWindow)} s` : ''}`,
  ].join('\n');
}
