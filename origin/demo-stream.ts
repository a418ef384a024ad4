import type { StreamStore } from '../defs/ports.ts';
import type { StreamRecord } from '../defs/stream.ts';
import { demoSourceArgs, secondsSinceUtcMidnight } from '../ffmpeg/demo-source-args.ts';
import { ladderFor, type Rendition } from '../ffmpeg/ladder.ts';
import { ladderArgs } from '../ffmpeg/ladder-args.ts';
import { packagingArgs } from '../ffmpeg/packaging-args.ts';
import type { H264Encoder } from '../ffmpeg/video-encoder-args.ts';
import { FfmpegTsSource } from '../ingest/ffmpeg-ts-source.ts';
import {
  LivePackager,
  type LivePackagerOptions,
  type PackagerEvent,
} from '../packager/live/live-packager.ts';

export interface DemoStreamOptions {
  name: string;
  streams: Pick<StreamStore, 'findByName' | 'create'>;
  window: (stream: StreamRecord) => Pick<LivePackagerOptions, 'windowSegments' | 'dvr'>;
  defaults: { partTargetSeconds: number; segmentTargetSeconds: number };
  /** Encode an ABR ladder from the demo picture (else the picture is packaged as it is). */
  ladder?: { renditions: readonly Rendition[]; encoder: { encoder: H264Encoder; reason: string } };
  onEvent: (stream: StreamRecord, event: PackagerEvent) => void;
  onPartPublished?: LivePackagerOptions['onPartPublished'];
  /** Where the demo's source copy goes (its restream destinations). */
  sourceCopy?: (stream: StreamRecord) => (bytes: Uint8Array) => void;
}

export const DEMO_SOURCE = { width: 1280, height: 720, frameRate: 30 } as const;

/** The demo's ladder: three renditions from its 720p picture. */
export function demoLadder(): Rendition[] {
  return ladderFor(DEMO_SOURCE, [
    { shortSide: 720, videoBitrateKbps: 3000 },
    { shortSide: 480, videoBitrateKbps: 1200 },
    { shortSide: 360, videoBitrateKbps: 700 },
  ]);
}

export interface DemoStream {
  stream: StreamRecord;
  packager: LivePackager;
  /** Call after the packager is registered and started. */
  start(): void;
  stop(): Promise<void>;
}

/**
 * The demo: a test pattern and tone with the wall clock burned in, packaged live
 * like any other stream, so a fresh install shows moving video at once. Its stream
 * record is created on first start (it appears in the API like any stream).
 *
 * One FFmpeg draws and encodes the picture and publishes it as MPEG-TS into a fed
 * packager, exactly the path a publisher's stream takes: passthrough (remuxed, with a
 * source copy for restream destinations) or a ladder (the packaging FFmpeg encodes the
 * renditions).
 */
export function demoStream(options: DemoStreamOptions): DemoStream {
  const stream =
    options.streams.findByName(options.name) ??
    options.streams.create({ name: options.name, enabled: true, ...options.defaults });
  // Fresh clock offset per attempt: the burned-in time must match the wall clock after a restart.
  const source = () =>
    demoSourceArgs({
      clockOffsetSeconds: secondsSinceUtcMidnight(new Date()),
      keyframeIntervalSeconds: stream.segmentTargetSeconds,
      producerReferenceTime: true,
      output: 'mpegts',
    });
  const common = {
    name: stream.name,
    partTarget: stream.partTargetSeconds,
    segmentTarget: stream.segmentTargetSeconds,
    ...options.window(stream),
    tracks: ['video', 'audio'] as const,
    onEvent: (event: PackagerEvent) => options.onEvent(stream, event),
    onPartPublished: options.onPartPublished,
    onSourceCopy: options.sourceCopy?.(stream),
    fed: { maxPendingBytes: 16 * 1024 * 1024 },
  };
  const renditions = options.ladder?.renditions;
  const encoder = options.ladder?.encoder ?? { encoder: 'libx264' as const, reason: 'libx264: default' };
  const packager = renditions?.length
    ? new LivePackager({
        ...common,
        renditions: renditions.map((r) => `video-${r.name}`),
        encoding: encoder,
        ffmpegArgs: ({ sourceCopyFd }) =>
          ladderArgs({
            sourceCopyFd,
            input: { kind: 'stdin', format: 'mpegts' },
            renditions,
            encoder: encoder.encoder,
            keyframeIntervalSeconds: stream.segmentTargetSeconds,
            frameRate: DEMO_SOURCE.frameRate,
            audio: 'copy',
            producerReferenceTime: true,
          }),
      })
    : new LivePackager({
        ...common,
        ffmpegArgs: ({ sourceCopyFd }) =>
          packagingArgs({
            input: { kind: 'stdin', format: 'mpegts' },
            producerReferenceTime: true,
            sourceCopyFd,
          }),
      });
  const feeder = new FfmpegTsSource({
    name: `demo:${stream.name}`,
    args: source,
    write: (bytes) => packager.write(bytes),
  });
  return { stream, packager, start: () => feeder.start(), stop: () => feeder.stop() };
}
