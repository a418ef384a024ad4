import { join } from 'node:path';
import type { StreamRecord } from '../defs/stream.ts';
import type { LivePackagerOptions } from '../packager/live/live-packager.ts';
import type { Config } from './config/schema.ts';

/**
 * A stream's window and DVR options: the playlist window grows to cover the stream's
 * `dvrWindowSeconds` (else `media.dvrWindow`),
 * of which `media.dvrMemorySegments` stay in memory and the rest spill to disk.
 */
export function dvrSettings(
  config: Config,
  stream: Pick<StreamRecord, 'name' | 'segmentTargetSeconds'> & { dvrWindowSeconds?: number | null },
): Pick<LivePackagerOptions, 'windowSegments' | 'dvr'> {
  const live = config.media.windowSegments;
  const windowSeconds = stream.dvrWindowSeconds ?? config.media.dvrWindow / 1000;
  if (windowSeconds === 0) return { windowSegments: live };
  const streamName = stream.name;
  const windowSegments = Math.max(live, Math.ceil(windowSeconds / stream.segmentTargetSeconds));
  return {
    windowSegments,
    dvr: {
      memorySegments: Math.max(live, config.media.dvrMemorySegments),
      dir: join(config.storage.dataDir, 'dvr', streamName),
    },
  };
}
