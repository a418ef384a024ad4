import type { ServiceDescriptionSnapshot } from './mpd-snapshot.ts';

export interface LowLatencySettings {
  readonly latency: Omit<ServiceDescriptionSnapshot['latency'], 'referenceId'>;
  readonly playbackRate: ServiceDescriptionSnapshot['playbackRate'];
  /** Seconds. */
  readonly minimumUpdatePeriod: number;
  readonly minBufferTime: number;
  readonly suggestedPresentationDelay: number;
}

const ms = (seconds: number) => Math.round(seconds * 1000);

/**
 * The MPD's latency knobs from the stream's part and segment targets (seconds), the way the LL-HLS
 * side derives PART-HOLD-BACK from PART-TARGET:
 * - Latency@target: five parts, at least 1 s: LL-HLS's PART-HOLD-BACK (three parts, the least a
 *   player can hold without stalling on the next part) plus two for fetch, demux and decode. It
 *   holds because the MPD announces the next segment (dash-snapshot.ts): dash.js at 1 s with
 *   0.2 s parts kept >= 0.76 s buffered over 240 s (bench/g2g-dash.ts --trace). Before that,
 *   2 s (dash.js's LL-DASH reference range is 2-4 s, LOW-LATENCY.md) was needed.
 * - Latency@min: the three parts; Latency@max: two segments more than the target, after which a
 *   player seeks back to the live edge instead of catching up by rate.
 * - PlaybackRate 0.96-1.04: the DASH-IF LL-DASH example values; audible pitch change stays small.
 * - minimumUpdatePeriod: two parts, at least 0.5 s. The segment being made is listed with its
 *   expected duration, so a player must learn the real one (and the next segment) well before it
 *   reaches it: at most (target latency - one part) after the segment starts.
 * - minBufferTime: two parts (the encoder jitter a player must absorb, 23009-1 §5.3.1.2; Shaka uses
 *   it as its rebuffering goal, so keep it small).
 * - suggestedPresentationDelay: the target, for players that do not read ServiceDescription.
 */
export function lowLatencySettings(partTarget: number, targetDuration: number): LowLatencySettings {
  if (!(partTarget > 0) || !(targetDuration > 0)) {
    throw new RangeError(`part and segment targets must be > 0, got ${partTarget} and ${targetDuration}`);
  }
  const threeParts = ms(3 * partTarget);
  const targetMs = Math.max(1000, ms(5 * partTarget));
  return {
    latency: { targetMs, minMs: Math.min(threeParts, targetMs), maxMs: targetMs + ms(2 * targetDuration) },
    playbackRate: { min: 0.96, max: 1.04 },
    minimumUpdatePeriod: Math.max(0.5, ms(2 * partTarget) / 1000),
    minBufferTime: ms(2 * partTarget) / 1000,
    suggestedPresentationDelay: targetMs / 1000,
  };
}
