import type { StreamStore } from '../defs/ports.ts';
import type { StreamRecord } from '../defs/stream.ts';
import { demoSourceArgs, secondsSinceUtcMidnight } from '../ffmpeg/demo-source-args.ts';
import {
  LivePackager,
  type LivePackagerOptions,
  type PackagerEvent,
} from '../packager/live/live-packager.ts';

export interface DemoStreamOptions {
  name: string;
  streams: Pick<StreamStore, 'findByName' | 'create'>;
  windowSegments: number;
  defaults: { partTargetSeconds: number; segmentTargetSeconds: number };
  onEvent: (stream: StreamRecord, event: PackagerEvent) => void;
  onPartPublished?: LivePackagerOptions['onPartPublished'];
}

/**
 * The demo: a test pattern and tone with the wall clock burned in, packaged live
 * like any other stream, so a fresh install shows moving video at once. Its stream
 * record is created on first start (it appears in the API like any stream).
 */
export function demoStream(options: DemoStreamOptions): { stream: StreamRecord; packager: LivePackager } {
  const stream =
    options.streams.findByName(options.name) ??
    options.streams.create({ name: options.name, enabled: true, ...options.defaults });
  const packager = new LivePackager({
    name: stream.name,
    partTarget: stream.partTargetSeconds,
    segmentTarget: stream.segmentTargetSeconds,
    windowSegments: options.windowSegments,
    tracks: ['video', 'audio'],
    // Fresh clock offset per attempt: the burned-in time must match the wall clock after a restart.
    ffmpegArgs: () =>
      demoSourceArgs({
        clockOffsetSeconds: secondsSinceUtcMidnight(new Date()),
        keyframeIntervalSeconds: stream.segmentTargetSeconds,
        producerReferenceTime: true,
      }),
    onEvent: (event) => options.onEvent(stream, event),
    onPartPublished: options.onPartPublished,
  });
  return { stream, packager };
}
