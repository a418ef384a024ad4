import Hls, { type LevelLoadedData } from 'hls.js';
import { AbrState } from '../abr/abr-state.ts';
import type { EngineOptions, PlaybackEngine } from '../watch/playback-engine.ts';
import { hlsAbrControllerClass } from './hls-abr-controller.ts';
import { LiveCatchUp } from './live-catch-up.ts';

/** A DVR window is one well beyond a live playlist's usual six segments. */
const DVR_SEGMENTS = 8;

/**
 * LL-HLS with hls.js: low-latency mode, our catch-up, our ABR. Without an explicit target
 * the player aims at the playlist's PART-HOLD-BACK (3 parts), and each stall adds one
 * part's worth to it (hls.js's default adds a whole second).
 */
export function hlsEngine(options: EngineOptions): PlaybackEngine {
  const target = options.targetLatencySeconds;
  // A rung up must fit 1.2 times: in LL-HLS every switch reloads part of a segment, so an
  // estimate wavering around a rung must not switch back and forth (hls-switch-policy.ts).
  // No drop to the bottom on an empty buffer: at the live edge the buffer runs dry whenever
  // playback catches up with the newest part, on any link; a collapsed link shows in the
  // transfers themselves (link-collapse.ts, the abandon watch).
  const abr = new AbrState({
    targetBufferSeconds: Math.max(0.4, (target ?? 0.6) * 0.6),
    upSwitchMargin: 1.2,
    // Up switches wait for a segment's second part anyway, and one undone soon after holds the
    // next back for longer (hls-switch-policy.ts): a shorter hold than the shared 4 s.
    upSwitchHoldMs: 2500,
    panicBufferSeconds: 0,
  });
  const hls = new Hls({
    lowLatencyMode: true,
    // No liveMaxLatency: past it hls.js jumps back to the live edge, which would also undo a
    // viewer's seek back into a DVR window. Far behind, the "live" button returns.
    ...(target ? { liveSyncDuration: target } : {}),
    liveSyncOnStallIncrease: 0.2,
    // 1 turns hls.js's own rate control off: it only acts above 1 s of buffer (LiveCatchUp).
    maxLiveSyncPlaybackRate: 1,
    backBufferLength: 30,
    ...(options.abr === 'ours' ? { abrController: hlsAbrControllerClass(abr) } : {}),
  });
  const toLive = () => {
    const live = hls.liveSyncPosition;
    if (live !== null) options.video.currentTime = live;
  };
  const catchUp = new LiveCatchUp({
    video: options.video,
    sample: () => {
      const latency = hls.latency;
      const aim = hls.targetLatency;
      return Number.isFinite(latency) && latency > 0 && aim ? { latency, target: aim } : undefined;
    },
    returnToLive: toLive,
  });
  catchUp.start();
  let stopped = false;
  const stop = (stop: Parameters<EngineOptions['onStop']>[0]) => {
    if (stopped) return;
    stopped = true;
    options.onStop(stop);
  };
  let mediaRecoveries = 0;

  hls.on(Hls.Events.MANIFEST_PARSED, () => options.onRenditions());
  hls.on(Hls.Events.LEVEL_LOADED, (_event, data: LevelLoadedData) => {
    // ENDLIST: the publisher left. Go offline and wait for the stream to come back.
    if (!data.details.live) stop({ reason: 'ended' });
  });
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (!data.fatal) return;
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR && mediaRecoveries++ < 2) {
      hls.recoverMediaError();
      return;
    }
    stop({ reason: 'error', detail: `${data.type}: ${data.details}` });
  });
  hls.loadSource(options.url);
  hls.attachMedia(options.video);

  const details = () => hls.levels[Math.max(0, hls.currentLevel)]?.details;
  return {
    protocol: 'hls',
    renditions: () =>
      hls.levels.map((level, index) => ({
        index,
        height: level.height,
        bitrate: level.maxBitrate || level.bitrate,
      })),
    playing: () => hls.currentLevel,
    selected: () => (hls.autoLevelEnabled ? -1 : hls.nextLoadLevel),
    select(index) {
      // nextLevel: switch at the next fragment without flushing what is buffered.
      hls.nextLevel = index;
    },
    latency: () => (Number.isFinite(hls.latency) && hls.latency > 0 ? hls.latency : undefined),
    targetLatency: () => hls.targetLatency ?? undefined,
    dvrWindowSeconds() {
      const d = details();
      return d?.live && d.totalduration > DVR_SEGMENTS * d.targetduration ? d.totalduration : 0;
    },
    seekTo(time) {
      // More than a second before the live position: the viewer went back on purpose.
      const live = hls.liveSyncPosition;
      catchUp.setTimeShifted(live !== null && time < live - 1);
      options.video.currentTime = time;
    },
    seekToLive() {
      catchUp.setTimeShifted(false);
      toLive();
    },
    throughputEstimate: () => (options.abr === 'ours' ? abr.estimator.estimate() : hls.bandwidthEstimate),
    close() {
      stopped = true;
      catchUp.stop();
      hls.destroy();
    },
  };
}
