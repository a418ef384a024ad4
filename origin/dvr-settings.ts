import { join } from 'node:path';
import type { LivePackagerOptions } from '../packager/live/live-packager.ts';
import type { Config } from './config/schema.ts';

/**
 * A stream's window and DVR options: the playlist window grows to cover `media.dvrWindow`,
 * of which `media.dvrMemorySegments` stay in memory and the rest spill to disk.
 */
export function dvrSettings(
  config: Config,
  streamName: string,
  segmentTargetSeconds: number,
): Pick<LivePackagerOptions, 'windowSegments' | 'dvr'> {
  const live = config.media.windowSegments;
  if (config.media.dvrWindow === 0) return { windowSegments: live };
  const windowSegments = Math.max(live, Math.ceil(config.media.dvrWindow / 1000 / segmentTargetSeconds));
  return {
    windowSegments,
    dvr: {
      memorySegments: Math.max(live, config.media.dvrMemorySegments),
      dir: join(config.storage.dataDir, 'dvr', streamName),
    },
  };
}
