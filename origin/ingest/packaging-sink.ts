import type { IngestContainer } from '../../defs/ingest.ts';
import type { StreamRecord } from '../../defs/stream.ts';
import type { VideoEncoderChoice } from '../../ffmpeg/hardware-encoders.ts';
import { packagingArgs } from '../../ffmpeg/packaging-args.ts';
import { slateArgs } from '../../ffmpeg/slate-args.ts';
import { FfmpegTsSource } from '../../ingest/ffmpeg-ts-source.ts';
import type { IngestSink } from '../../ingest/publish-registry.ts';
import {
  LivePackager,
  type LivePackagerOptions,
  type PackagerEvent,
} from '../../packager/live/live-packager.ts';
import type { LiveStreams } from '../../packager/live/live-streams.ts';
import { startLadderPackager } from './ladder-packager.ts';

export interface PackagingSinkOptions {
  live: LiveStreams;
  /** The stream's playlist window and DVR (see origin/dvr-settings.ts). */
  window: (stream: StreamRecord) => Pick<LivePackagerOptions, 'windowSegments' | 'dvr'>;
  /** Publisher bytes FFmpeg has not taken yet, per stream, before the publisher is dropped. */
  maxPendingBytes: number;
  onEvent: (stream: StreamRecord, event: PackagerEvent) => void;
  /** Each stream's part-published callback (metrics, the status's publish delay). */
  onPartPublished?: (stream: StreamRecord) => LivePackagerOptions['onPartPublished'];
  /**
   * Where a stream's source copy goes (restream). The packaging FFmpeg always writes it
   * when given, so a destination added while the stream is live starts at once.
   */
  sourceCopy?: (stream: StreamRecord) => (bytes: Uint8Array) => void;
  /** While a publisher is away (reconnect grace), package a slate so players keep playing. */
  fallbackSlate: boolean;
  /** The video encoder for ladders (a working hardware one, else libx264), chosen once. */
  videoEncoder: () => Promise<VideoEncoderChoice>;
  log?: (message: string, fields: Record<string, unknown>) => void;
}

interface SinkEntry {
  /** Undefined while a ladder stream's first bytes are probed (see ladder-packager.ts). */
  packager: LivePackager | undefined;
  starting?: ReturnType<typeof startLadderPackager>;
  name: string;
  container: IngestContainer;
  slate?: FfmpegTsSource;
}

/**
 * The ingest side meets the packager here: a publisher's bytes go to a fed LivePackager
 * (FFmpeg remuxes FLV or MPEG-TS to fMP4 on stdin), one per stream; a publisher coming
 * back within the grace period continues the same packager with a discontinuity.
 */
export function packagingSink(options: PackagingSinkOptions): IngestSink {
  const byStreamId = new Map<string, SinkEntry>();
  const stopSlate = (entry: SinkEntry) => {
    void entry.slate?.stop();
    entry.slate = undefined;
  };
  const startSlate = (entry: SinkEntry, packager: LivePackager) => {
    const video = packager.tracks[packager.trackIds[0] ?? 'video']?.init?.track;
    entry.container = 'mpegts';
    const frameRate = packager.frameRate;
    const slate = new FfmpegTsSource({
      name: `slate:${entry.name}`,
      args: () => slateArgs({ width: video?.width, height: video?.height, frameRate }),
      write: (bytes) => packager.write(bytes),
    });
    entry.slate = slate;
    void packager.attachSource().then(() => {
      if (entry.slate === slate) slate.start();
    });
  };

  return {
    begin(stream, container) {
      const current = byStreamId.get(stream.id);
      if (current?.starting && !current.packager) {
        current.container = container; // still sizing its ladder: the same start continues
        return;
      }
      if (current?.packager && options.live.get(current.name) === current.packager) {
        stopSlate(current);
        current.container = container;
        void current.packager.attachSource();
        return;
      }
      const entry: SinkEntry = { name: stream.name, container, packager: undefined };
      const common = {
        name: stream.name,
        partTarget: stream.partTargetSeconds,
        segmentTarget: stream.segmentTargetSeconds,
        ...options.window(stream),
        fed: { maxPendingBytes: options.maxPendingBytes },
        onEvent: (event: PackagerEvent) => options.onEvent(stream, event),
        onPartPublished: options.onPartPublished?.(stream),
        onSourceCopy: options.sourceCopy?.(stream),
      };
      // A publisher takes the name from a pull source or the demo that held it.
      const register = (packager: LivePackager) => {
        if (byStreamId.get(stream.id) !== entry) return;
        entry.packager = packager;
        if (options.live.get(stream.name))
          void options.live.replace(stream.name, packager, 'publisher arrived');
        else options.live.start(stream.name, packager);
      };
      byStreamId.set(stream.id, entry);
      if (stream.ladder?.length) {
        entry.starting = startLadderPackager({
          stream,
          rungs: stream.ladder,
          container: () => entry.container,
          encoder: options.videoEncoder,
          base: common,
          onReady: register,
          log: (message, fields) => options.log?.(message, { stream: stream.name, ...fields }),
        });
        return;
      }
      register(
        new LivePackager({
          ...common,
          tracks: ['video', 'audio'],
          // Read per FFmpeg session: a publisher may come back over another protocol.
          ffmpegArgs: ({ sourceCopyFd }) =>
            packagingArgs({
              input: { kind: 'stdin', format: entry.container },
              producerReferenceTime: true,
              sourceCopyFd,
            }),
        }),
      );
    },
    write(streamId, bytes) {
      const entry = byStreamId.get(streamId);
      if (!entry) return false;
      return entry.packager ? entry.packager.write(bytes) : (entry.starting?.write(bytes) ?? false);
    },
    pause(streamId) {
      const entry = byStreamId.get(streamId);
      if (!entry?.packager) return;
      entry.packager.detachSource();
      if (options.fallbackSlate) startSlate(entry, entry.packager);
    },
    end(streamId, reason) {
      const entry = byStreamId.get(streamId);
      if (!entry) return;
      byStreamId.delete(streamId);
      stopSlate(entry);
      entry.starting?.cancel();
      const packager = entry.packager;
      if (!packager) return;
      if (options.live.get(entry.name) === packager) void options.live.stop(entry.name, reason);
      else void packager.close(reason);
    },
  };
}
