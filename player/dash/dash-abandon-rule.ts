import type { FragmentRequest, MediaPlayerClass, Representation, RulesContext } from 'dashjs';
import type { AbrState } from '../abr/abr-state.ts';
import { switchDownNowIsCheaper } from '../abr/switch-cost.ts';
import type { ChunkArrival } from '../abr/transfer-bursts.ts';
import { absoluteUrl } from './metered-fetch.ts';
import { slowLiveSegment } from './slow-live-segment.ts';

export const DASH_ABANDON_RULE_NAME = 'LowLatencyAbandonRule';
// dash.js's SwitchRequest.PRIORITY.STRONG.
const STRONG = 1;

/**
 * Our abandon rule for LL-DASH, as a dash.js `abandonFragmentRules` custom rule (dash.js's own
 * abandonRequestsRule is off under ours: it judges a chunked segment by its average since the
 * first byte, which is mostly the origin waiting for the encoder). dash.js asks on every body
 * chunk; the metered fetch's chunk times for that request (`inFlight`) say whether the segment
 * falls behind (slow-live-segment.ts). If so, the link's measured rate is believed at once, the
 * shared controller picks the rung it carries, and the segment is abandoned for it when
 * loading the segment again at that rung costs less than finishing it (dash.js then requests
 * the same segment at the new rung, from its start). Once per request.
 */
export function dashAbandonRuleFactory(
  state: AbrState,
  player: Pick<MediaPlayerClass, 'getBufferLength'>,
  inFlight: ReadonlyMap<string, readonly ChunkArrival[]>,
  nowMs: () => number = () => performance.now(),
) {
  const abandoned = new Set<string>();
  const rule = {
    getClassName: () => DASH_ABANDON_RULE_NAME,
    shouldAbandon(context: RulesContext) {
      const noChange = { representation: null, reason: null, priority: STRONG, rule: DASH_ABANDON_RULE_NAME };
      // The typings name a SwitchRequest; dash.js passes the FragmentRequest in flight.
      const request = context.getCurrentRequest() as unknown as Partial<FragmentRequest> | undefined;
      if (context.getMediaType() !== 'video' || !request?.url || request.type !== 'MediaSegment')
        return noChange;
      const url = absoluteUrl(request.url);
      const chunks = inFlight.get(url);
      if (!chunks || abandoned.has(url)) return noChange;
      const representations =
        context
          .getAbrController()
          .getPossibleVoRepresentationsFilteredBySettings(context.getMediaInfo(), true) ?? [];
      const requestRepresentation = (request as { representation?: Representation }).representation;
      const currentId = requestRepresentation?.id ?? context.getRepresentation()?.id;
      const current = representations.findIndex((r) => r.id === currentId);
      const currentBitrate = representations[current]?.bandwidth ?? 0;
      const bufferSeconds = player.getBufferLength('video') || 0;
      const segmentSeconds = request.duration ?? 0;
      const slow = slowLiveSegment({
        chunks,
        nowMs: nowMs(),
        segmentSeconds,
        bitrate: currentBitrate,
        bufferSeconds,
      });
      if (!slow) return noChange;
      state.estimator.capAt(slow.bitsPerSecond);
      const index = state.choose({
        bitrates: representations.map((r) => r.bandwidth),
        current,
        bufferSeconds,
      });
      const lower = representations[index];
      if (!lower || lower.bandwidth >= currentBitrate) return noChange;
      const position = {
        offsetSeconds: slow.receivedSeconds,
        remainingSeconds: segmentSeconds - slow.receivedSeconds,
      };
      if (!switchDownNowIsCheaper({ currentBitrate, lowerBitrate: lower.bandwidth, position }))
        return noChange;
      if (abandoned.size > 64) abandoned.clear();
      abandoned.add(url);
      return {
        representation: lower,
        reason: {
          throughput: slow.bitsPerSecond / 1000,
          message: `${DASH_ABANDON_RULE_NAME}: segment behind`,
        },
        priority: STRONG,
        rule: DASH_ABANDON_RULE_NAME,
      };
    },
    reset() {
      abandoned.clear();
    },
  };
  return (_context: object) => ({ create: () => rule });
}
