import { chooseVideoEncoder, type VideoEncoderChoice } from '../ffmpeg/hardware-encoders.ts';
import type { Rendition } from '../ffmpeg/ladder.ts';
import { measureLadderSpeed } from '../ffmpeg/ladder-speed.ts';
import { DEMO_SOURCE, demoLadder } from './demo-stream.ts';
import type { Logger } from './logger.ts';

/** The ladder must run this much faster than real time: the demo picture and viewers need CPU too. */
export const LADDER_SPEED_NEEDED = 1.5;

export interface DemoLadder {
  renditions: Rendition[];
  /** A hardware encoder when one works here, else libx264, with the reason. */
  encoder: VideoEncoderChoice;
}

/** The demo's ladder (undefined: passthrough), per `demo.ladder`; `auto` measures this machine. */
export async function chooseDemoLadder(
  setting: 'auto' | 'on' | 'off',
  logger: Pick<Logger, 'info' | 'warn'>,
): Promise<DemoLadder | undefined> {
  if (setting === 'off') return undefined;
  const encoder = await chooseVideoEncoder();
  logger.info({ encoder: encoder.encoder, reason: encoder.reason }, 'demo: video encoder for the ladder');
  const ladder = { renditions: demoLadder(), encoder };
  if (setting === 'on' || encoder.encoder !== 'libx264') return ladder;
  try {
    const speed = await measureLadderSpeed({ renditions: ladder.renditions, source: DEMO_SOURCE });
    const fast = speed >= LADDER_SPEED_NEEDED;
    logger.info(
      {
        speed: Number(speed.toFixed(2)),
        needed: LADDER_SPEED_NEEDED,
        renditions: ladder.renditions.map((r) => r.name),
      },
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
