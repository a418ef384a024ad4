import type { Rendition } from '../ffmpeg/ladder.ts';
import { measureLadderSpeed } from '../ffmpeg/ladder-speed.ts';
import { DEMO_SOURCE, demoLadder } from './demo-stream.ts';
import type { Logger } from './logger.ts';

/** The ladder must run this much faster than real time: the demo picture and viewers need CPU too. */
export const LADDER_SPEED_NEEDED = 1.5;

/** The demo's renditions (undefined: passthrough), per `demo.ladder`; `auto` measures this machine. */
export async function chooseDemoLadder(
  setting: 'auto' | 'on' | 'off',
  logger: Pick<Logger, 'info' | 'warn'>,
): Promise<Rendition[] | undefined> {
  if (setting === 'off') return undefined;
  const ladder = demoLadder();
  if (setting === 'on') return ladder;
  try {
    const speed = await measureLadderSpeed({ renditions: ladder, source: DEMO_SOURCE });
    const fast = speed >= LADDER_SPEED_NEEDED;
    logger.info(
      { speed: Number(speed.toFixed(2)), needed: LADDER_SPEED_NEEDED, renditions: ladder.map((r) => r.name) },
      fast
        ? 'demo: ABR ladder (this machine keeps up)'
        : 'demo: passthrough (the ladder would not keep up here)',
    );
    return fast ? ladder : undefined;
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'demo: ladder speed test failed; passthrough');
    return undefined;
  }
}
