import Hls, {
  type AbrComponentAPI,
  type AbrController,
  type EwmaBandWidthEstimator,
  type FragLoadedData,
  type FragLoadingData,
} from 'hls.js';
import { shouldAbandon } from '../abr/abandon-check.ts';
import type { AbrState } from '../abr/abr-state.ts';
import { firstToLastByte } from '../abr/transfer-bursts.ts';

/**
 * Our low-latency ABR as hls.js's `abrController` (AbrComponentAPI). hls.js builds the
 * controller itself (`new config.abrController(hls)`), so the shared state comes in by closure.
 * Every main-track part or segment is a throughput sample from its first to its last byte:
 * time the origin held the request (the next part, not made yet) is not download time.
 * A part or segment arriving too slowly for the buffer is abandoned for a lower rendition
 * (abandon-check.ts), as hls.js's own controller does.
 */
export function hlsAbrControllerClass(state: AbrState): typeof AbrController {
  class LowLatencyHlsAbr implements AbrComponentAPI {
    private hls: Hls | undefined;
    private forced = -1;
    private loading: FragLoadingData | undefined;
    private watch: ReturnType<typeof setInterval> | undefined;

    constructor(hls: Hls) {
      this.hls = hls;
      hls.on(Hls.Events.FRAG_LOADING, this.onFragLoading, this);
      hls.on(Hls.Events.FRAG_LOADED, this.onFragLoaded, this);
    }

    private onFragLoading(_event: string, data: FragLoadingData) {
      if (data.frag.type !== 'main' || data.frag.sn === 'initSegment') return;
      this.loading = data;
      clearInterval(this.watch);
      this.watch = setInterval(() => this.checkLoading(), 50);
    }

    private checkLoading() {
      const hls = this.hls;
      const loading = this.loading;
      if (!hls || !loading) return clearInterval(this.watch);
      const { frag, part } = loading;
      const stats = part ? part.stats : frag.stats;
      if (stats.aborted || (stats.loaded > 0 && stats.loaded >= stats.total))
        return clearInterval(this.watch);
      if (!hls.autoLevelEnabled || frag.level <= hls.minAutoLevel) return;
      const now = performance.now();
      const msSinceFirstByte = stats.loading.first > 0 ? now - stats.loading.first : undefined;
      const bufferSeconds = hls.mainForwardBufferInfo?.len ?? 0;
      const load = { loadedBytes: stats.loaded, totalBytes: stats.total, msSinceFirstByte, bufferSeconds };
      if (!shouldAbandon({ ...load, mediaSeconds: (part ?? frag).duration })) return;
      // What arrived so far is a sample too: the link is slower than the estimate said.
      if (msSinceFirstByte) state.estimator.add({ bytes: stats.loaded, transferMs: msSinceFirstByte });
      const lower = Math.min(frag.level - 1, this.decide(frag.level));
      clearInterval(this.watch);
      this.loading = undefined;
      this.forced = lower;
      hls.nextLoadLevel = lower;
      frag.abortRequests();
    }

    private onFragLoaded(_event: string, data: FragLoadedData) {
      const { frag, part } = data;
      if (frag.type !== 'main' || frag.sn === 'initSegment') return;
      const stats = part ? part.stats : frag.stats;
      if (stats.aborted || !(stats.loading.first > 0)) return;
      state.estimator.add(
        firstToLastByte({
          firstByteMs: stats.loading.first,
          lastByteMs: stats.loading.end,
          bytes: stats.loaded,
        }),
      );
      if (frag.level === this.forced) this.forced = -1;
      if (this.loading?.frag === frag) clearInterval(this.watch);
    }

    private decide(current: number): number {
      const hls = this.hls;
      if (!hls || hls.levels.length === 0) return 0;
      return state.choose({
        bitrates: hls.levels.map((level) => level.maxBitrate || level.bitrate),
        current,
        bufferSeconds: hls.mainForwardBufferInfo?.len ?? 0,
        min: hls.minAutoLevel,
        max: hls.maxAutoLevel,
      });
    }

    get firstAutoLevel(): number {
      return this.decide(-1);
    }

    get forcedAutoLevel(): number {
      return this.forced;
    }

    get nextAutoLevel(): number {
      if (this.forced !== -1) return this.forced;
      return this.decide(this.hls?.loadLevel ?? -1);
    }

    /** hls.js forces a level on errors and emergencies; it holds until a fragment of it loads. */
    set nextAutoLevel(level: number) {
      this.forced = level;
    }

    // hls.js reads `bandwidthEstimate` and `ttfbEstimate` through this (stats, switch points).
    get bwEstimator(): EwmaBandWidthEstimator {
      const estimator = state.estimator;
      return {
        getEstimate: () => estimator.estimate(),
        getEstimateTTFB: () => 100,
        canEstimate: () => estimator.samples > 0,
        get defaultEstimate() {
          return estimator.estimate();
        },
        sample: () => {},
        sampleTTFB: () => {},
        update: () => {},
        destroy: () => {},
      } as unknown as EwmaBandWidthEstimator;
    }

    resetEstimator(defaultEstimate?: number) {
      state.estimator.reset(defaultEstimate);
    }

    destroy() {
      clearInterval(this.watch);
      this.hls?.off(Hls.Events.FRAG_LOADING, this.onFragLoading, this);
      this.hls?.off(Hls.Events.FRAG_LOADED, this.onFragLoaded, this);
      this.hls = undefined;
      this.loading = undefined;
    }
  }
  // hls.js types the option as its own class (private members included): ours is shaped alike.
  return LowLatencyHlsAbr as unknown as typeof AbrController;
}
