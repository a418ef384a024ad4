import Hls, {
  type AbrComponentAPI,
  type AbrController,
  type EwmaBandWidthEstimator,
  type FragLoadedData,
  type FragLoadingData,
  type Fragment,
  type LevelDetails,
  type Part,
} from 'hls.js';
import { shouldAbandon } from '../abr/abandon-check.ts';
import type { AbrState } from '../abr/abr-state.ts';
import { collapsedRate } from '../abr/link-collapse.ts';
import { type SegmentPosition, switchDownNowIsCheaper } from '../abr/switch-cost.ts';
import { firstToLastByte } from '../abr/transfer-bursts.ts';
import { HlsSwitchPolicy, type HlsSwitchPolicyOptions } from './hls-switch-policy.ts';
import { segmentPosition } from './segment-position.ts';

/** The load the abandon watch follows: a segment, or one of its parts. */
interface WatchedLoad {
  frag: Fragment;
  part: Part | undefined;
}

/**
 * Our low-latency ABR as hls.js's `abrController` (AbrComponentAPI). hls.js builds the
 * controller itself (`new config.abrController(hls)`), so the shared state comes in by closure.
 * Every main-track part or segment is a throughput sample from its first to its last byte:
 * time the origin held the request (the next part, not made yet) is not download time.
 * The shared controller proposes; HlsSwitchPolicy prices a switch in LL-HLS (the new level is
 * loaded again from its segment's first part) and decides.
 *
 * hls.js asks `nextAutoLevel` only between loads it schedules: at the live edge that is every
 * part, but behind it (after a stall) it loads the parts of a segment one after another without
 * asking, so a collapse in mid-segment would go unanswered until the segment's end. So after
 * each part of such a run this controller decides itself, and switches by aborting the run's
 * next part. A load arriving too slowly for the buffer is abandoned for the rendition its rate
 * carries (abandon-check.ts), as hls.js's own controller does, when that costs less than
 * finishing the segment.
 */
export function hlsAbrControllerClass(
  state: AbrState,
  policyOptions: HlsSwitchPolicyOptions = { panicBufferSeconds: 0.15 },
): typeof AbrController {
  class LowLatencyHlsAbr implements AbrComponentAPI {
    private hls: Hls | undefined;
    private forced = -1;
    private loading: WatchedLoad | undefined;
    private watch: ReturnType<typeof setInterval> | undefined;
    private readonly policy = new HlsSwitchPolicy(policyOptions);

    constructor(hls: Hls) {
      this.hls = hls;
      hls.on(Hls.Events.FRAG_LOADING, this.onFragLoading, this);
      hls.on(Hls.Events.FRAG_LOADED, this.onFragLoaded, this);
    }

    private onFragLoading(_event: string, data: FragLoadingData) {
      if (data.frag.type !== 'main' || data.frag.sn === 'initSegment') return;
      this.follow({ frag: data.frag, part: data.part ?? undefined });
    }

    /** Watches a load for abandoning, every 50 ms until it ends. */
    private follow(load: WatchedLoad) {
      this.loading = load;
      clearInterval(this.watch);
      this.watch = setInterval(() => this.checkLoading(), 50);
    }

    private checkLoading() {
      const hls = this.hls;
      const loading = this.loading;
      if (!hls || !loading) return clearInterval(this.watch);
      const { frag, part } = loading;
      // Read each time: hls.js gives a part its stats object when it starts loading it.
      const stats = part ? part.stats : frag.stats;
      if (stats.aborted || (stats.loaded > 0 && stats.loaded >= stats.total))
        return clearInterval(this.watch);
      if (!hls.autoLevelEnabled || frag.level <= hls.minAutoLevel) return;
      const now = performance.now();
      const msSinceFirstByte = stats.loading.first > 0 ? now - stats.loading.first : undefined;
      const bufferSeconds = hls.mainForwardBufferInfo?.len ?? 0;
      const load = { loadedBytes: stats.loaded, totalBytes: stats.total, msSinceFirstByte, bufferSeconds };
      if (!shouldAbandon({ ...load, mediaSeconds: (part ?? frag).duration })) return;
      // What arrived so far is the link now: the averages, still full of the fast link, would
      // pick a rung that does not fit and pay for another reload.
      if (msSinceFirstByte) {
        state.estimator.add({ bytes: stats.loaded, transferMs: msSinceFirstByte });
        state.estimator.capAt((stats.loaded * 8) / (msSinceFirstByte / 1000));
      }
      const lower = Math.min(frag.level - 1, this.propose(frag.level));
      const bitrates = this.bitrates();
      const loadEnd = part ? part.start + part.duration : frag.start + frag.duration;
      const segmentSeconds = Math.max(frag.duration, this.details(frag.level)?.targetduration ?? 0);
      // Abandoning a segment's first part leaves the buffer ending at the segment before, which
      // hls.js then reloads whole at the lower level (hls-switch-policy.ts).
      const reloadsPrevious = part?.index === 0 ? segmentSeconds : 0;
      const cheaper = switchDownNowIsCheaper({
        currentBitrate: bitrates[frag.level] ?? 0,
        lowerBitrate: bitrates[lower] ?? 0,
        position: {
          offsetSeconds: loadEnd - frag.start + reloadsPrevious,
          remainingSeconds: Math.max(0, frag.start + segmentSeconds - loadEnd),
        },
        inFlightRemainingBytes: stats.total - stats.loaded,
      });
      if (!cheaper) return;
      this.policy.wentDown(frag.start, now);
      this.switchNow(frag, lower);
    }

    /** Drops what is loading for `level`: hls.js asks again at once and gets it. */
    private switchNow(frag: Fragment, level: number) {
      const hls = this.hls;
      if (!hls) return;
      clearInterval(this.watch);
      this.loading = undefined;
      this.forced = level;
      hls.nextLoadLevel = level;
      frag.abortRequests();
    }

    private onFragLoaded(_event: string, data: FragLoadedData) {
      const { frag, part } = data;
      if (frag.type !== 'main' || frag.sn === 'initSegment') return;
      const stats = part ? part.stats : frag.stats;
      if (stats.aborted || !(stats.loading.first > 0)) return;
      const sample = firstToLastByte({
        firstByteMs: stats.loading.first,
        lastByteMs: stats.loading.end,
        bytes: stats.loaded,
      });
      const collapsed = collapsedRate(sample, (part ?? frag).duration, state.estimator.estimate());
      state.estimator.add(sample);
      if (collapsed !== undefined) state.estimator.capAt(collapsed);
      if (frag.level === this.forced) this.forced = -1;
      clearInterval(this.watch);
      this.loading = undefined;
      if (part) this.continueRun(frag, part);
    }

    /**
     * hls.js goes on with the next part of the segment right after this event when the playlist
     * lists it already (it is behind the edge), without asking: follow that load, and decide now.
     */
    private continueRun(frag: Fragment, part: Part) {
      const hls = this.hls;
      const details = this.details(frag.level);
      const next = details?.partList?.find((p) => p.fragment.sn === frag.sn && p.index === part.index + 1);
      if (!hls || !details || !next || !hls.autoLevelEnabled) return;
      this.follow({ frag, part: next });
      // After the first part it may not be in the buffer yet when the abort lands: the buffer
      // would end at the segment before, which hls.js would reload whole.
      if (next.index < 2) return;
      const segmentEnd = frag.start + Math.max(frag.duration, details.targetduration);
      const position = { offsetSeconds: next.start - frag.start, remainingSeconds: segmentEnd - next.start };
      const choice = this.decide(frag.level, { ...position, segmentStart: frag.start });
      // The next part starts loading once this event returns: abort it then.
      if (choice >= 0 && choice < frag.level)
        setTimeout(() => {
          if (this.loading?.part === next) this.switchNow(frag, choice);
        }, 0);
    }

    private bitrates(): number[] {
      return this.hls?.levels.map((level) => level.maxBitrate || level.bitrate) ?? [];
    }

    private details(level: number): LevelDetails | undefined {
      return this.hls?.levels[level]?.details;
    }

    /** The shared controller's choice: buffer and throughput only. */
    private propose(current: number): number {
      const hls = this.hls;
      if (!hls || hls.levels.length === 0) return 0;
      return state.choose({
        bitrates: this.bitrates(),
        current,
        bufferSeconds: hls.mainForwardBufferInfo?.len ?? 0,
        min: hls.minAutoLevel,
        max: hls.maxAutoLevel,
      });
    }

    /** Where the next load starts in its segment: the end of the buffer, on the level's playlist. */
    private nextLoad(level: number): (SegmentPosition & { segmentStart: number }) | undefined {
      const details = this.details(level);
      const bufferEnd = this.hls?.mainForwardBufferInfo?.end;
      if (!details || bufferEnd === undefined) return undefined;
      const hint = details.fragmentHint;
      const listed: Pick<Fragment, 'start' | 'duration'>[] = [...details.fragments];
      if (hint) listed.push({ start: hint.start, duration: Math.max(hint.duration, details.targetduration) });
      // Half a part of slack: the buffer's end and the playlist's times differ by a frame or so.
      return segmentPosition(listed, bufferEnd, details.targetduration, details.partTarget / 2 || 0.05);
    }

    private decide(current: number, at?: SegmentPosition & { segmentStart: number }): number {
      const proposed = this.propose(current);
      const hls = this.hls;
      if (!hls || current < 0) return proposed;
      const where = at ?? this.nextLoad(current);
      const choice = this.policy.decide({
        bitrates: this.bitrates(),
        current,
        proposed,
        position: where,
        segmentStart: where?.segmentStart,
        bufferSeconds: hls.mainForwardBufferInfo?.len ?? 0,
        nowMs: performance.now(),
      });
      if (state.last) state.last.choice = choice;
      return choice;
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
