import { MediaPlayer } from 'dashjs';
import { AbrState } from '../abr/abr-state.ts';
import type { ChunkArrival } from '../abr/transfer-bursts.ts';
import type { EngineOptions, PlaybackEngine } from '../watch/playback-engine.ts';
import { DASH_ABANDON_RULE_NAME, dashAbandonRuleFactory } from './dash-abandon-rule.ts';
import { DASH_RULE_NAME, dashAbrRuleFactory, ownAbrSettings } from './dash-abr-rule.ts';
import { meterFetch } from './metered-fetch.ts';

/** A DVR window is well beyond the few segments a live MPD keeps anyway. */
const DVR_MIN_SECONDS = 30;

/** LL-DASH with dash.js: low-latency mode from the MPD, gentle catch-up, our ABR as a custom rule. */
export function dashEngine(options: EngineOptions): PlaybackEngine {
  const player = MediaPlayer().create();
  const abr = new AbrState({ targetBufferSeconds: Math.max(0.4, (options.targetLatencySeconds ?? 1) * 0.6) });
  // Segment requests whose body is still streaming: their chunk times, for the abandon rule.
  const inFlight = new Map<string, readonly ChunkArrival[]>();
  const restoreFetch =
    options.abr === 'ours'
      ? meterFetch({
          inFlight,
          isMedia: (url) => /\.m4s(\?|$)/.test(url),
          onSamples: (samples) => {
            for (const sample of samples) abr.estimator.add(sample);
          },
        })
      : () => {};
  player.updateSettings({
    debug: { logLevel: 2 },
    streaming: {
      ...(options.targetLatencySeconds ? { delay: { liveDelay: options.targetLatencySeconds } } : {}),
      // At most 10 % faster or slower than real time while catching up; 6 s past the target
      // (a long stall), seek back to the target instead, as hls.js's liveMaxLatencyDuration.
      liveCatchup: { enabled: true, maxDrift: 6, playbackRate: { min: -0.1, max: 0.1 } },
      ...(options.abr === 'ours' ? ownAbrSettings.streaming : {}),
    },
  });
  if (options.abr === 'ours') {
    player.addABRCustomRule('qualitySwitchRules', DASH_RULE_NAME, dashAbrRuleFactory(abr, player));
    // Measured at a 6000 -> 600 kbps drop (tests/e2e/player-abr-throttled.test.ts): with it our
    // frozen time went from 1.2-2.1 s to 0.
    player.addABRCustomRule(
      'abandonFragmentRules',
      DASH_ABANDON_RULE_NAME,
      dashAbandonRuleFactory(abr, player, inFlight),
    );
  }

  let stopped = false;
  const stop = (stop: Parameters<EngineOptions['onStop']>[0]) => {
    if (stopped) return;
    stopped = true;
    options.onStop(stop);
  };
  player.on(MediaPlayer.events.STREAM_INITIALIZED, () => options.onRenditions());
  player.on(MediaPlayer.events.PLAYBACK_ENDED, () => stop({ reason: 'ended' }));
  player.on(MediaPlayer.events.ERROR, (event) => {
    const error = (event as { error?: { code?: number; message?: string } }).error;
    stop({ reason: 'error', detail: `dash.js ${error?.code ?? ''} ${error?.message ?? ''}`.trim() });
  });
  player.initialize(options.video, options.url, true);

  const videoRenditions = () => player.getRepresentationsByType('video') ?? [];
  let chosen = -1;
  return {
    protocol: 'dash',
    renditions: () =>
      videoRenditions().map((r, index) => ({ index, height: r.height, bitrate: r.bandwidth })),
    playing() {
      const current = player.getCurrentRepresentationForType('video');
      return current ? videoRenditions().findIndex((r) => r.id === current.id) : -1;
    },
    selected: () => chosen,
    select(index) {
      chosen = index;
      player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: index === -1 } } } });
      if (index >= 0) player.setRepresentationForTypeByIndex('video', index);
    },
    latency() {
      const latency = player.getCurrentLiveLatency();
      return Number.isFinite(latency) && latency > 0 ? latency : undefined;
    },
    targetLatency: () => player.getTargetLiveDelay() || undefined,
    dvrWindowSeconds() {
      const size = player.getDvrWindow()?.size ?? 0;
      return size >= DVR_MIN_SECONDS ? size : 0;
    },
    seekTo(time) {
      options.video.currentTime = time;
    },
    seekToLive: () => player.seekToOriginalLive(),
    throughputEstimate: () =>
      options.abr === 'ours' ? abr.estimator.estimate() : player.getAverageThroughput('video') * 1000,
    close() {
      stopped = true;
      restoreFetch();
      player.destroy();
    },
  };
}
