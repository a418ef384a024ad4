import type { MediaPlayerClass, Representation, RulesContext } from 'dashjs';
import type { AbrState } from '../abr/abr-state.ts';

export const DASH_RULE_NAME = 'LowLatencyAbrRule';
// dash.js's SwitchRequest.PRIORITY.STRONG: wins over any other active rule.
const STRONG = 1;

/**
 * Our low-latency ABR as a dash.js custom quality-switch rule. dash.js creates rules as
 * `factory(context).create()` and names them with `getClassName()`; the built-in rules
 * are switched off (`ownAbrSettings`) so this one decides alone. Audio has one
 * representation and is left alone.
 */
export function dashAbrRuleFactory(state: AbrState, player: Pick<MediaPlayerClass, 'getBufferLength'>) {
  const rule = {
    getClassName: () => DASH_RULE_NAME,
    getSwitchRequest(context: RulesContext) {
      const noChange = { representation: null, reason: null, priority: STRONG, rule: DASH_RULE_NAME };
      if (context.getMediaType() !== 'video') return noChange;
      const representations =
        context
          .getAbrController()
          .getPossibleVoRepresentationsFilteredBySettings(context.getMediaInfo(), true) ?? [];
      if (representations.length < 2) return noChange;
      const currentId = context.getRepresentation()?.id;
      const index = state.choose({
        bitrates: representations.map((r: Representation) => r.bandwidth),
        current: representations.findIndex((r) => r.id === currentId),
        bufferSeconds: player.getBufferLength('video') || 0,
      });
      const representation = representations[index];
      if (!representation) return noChange;
      return {
        representation,
        reason: { throughput: state.last?.throughput },
        priority: STRONG,
        rule: DASH_RULE_NAME,
      };
    },
    reset() {},
  };
  return (_context: object) => ({ create: () => rule });
}

/** dash.js settings that switch off its built-in ABR rules so the custom rule decides. */
export const ownAbrSettings = {
  streaming: {
    abr: {
      rules: {
        throughputRule: { active: false },
        bolaRule: { active: false },
        insufficientBufferRule: { active: false },
        switchHistoryRule: { active: false },
        droppedFramesRule: { active: false },
        abandonRequestsRule: { active: false },
        l2ARule: { active: false },
        loLPRule: { active: false },
      },
    },
  },
} as const;
