import type { IngestContainer } from '../../defs/ingest.ts';
import type { StreamRecord } from '../../defs/stream.ts';
import { packagingArgs } from '../../ffmpeg/packaging-args.ts';
import { slateArgs } from '../../ffmpeg/slate-args.ts';
import { FfmpegStdoutSource } from '../../ingest/ffmpeg-stdout-source.ts';
import type { IngestSink } from '../../ingest/publish-registry.ts';
import {
  LivePackager,
  type LivePackagerOptions,
  type PackagerEvent,
} from '../../packager/live/live-packager.ts';
import type { LiveStreams } from '../../packager/live/live-streams.ts';

export interface PackagingSinkOptions {
  live: LiveStreams;
  /** The stream's playlist window and DVR (see origin/dvr-settings.ts). */
  window: (stream: StreamRecord) => Pick<LivePackagerOptions, 'windowSegments' | 'dvr'>;
  /** Publisher bytes FFmpeg has not taken yet, per stream, before the publisher is dropped. */
  maxPendingBytes: number;
  onEvent: (stream: StreamRecord, event: PackagerEvent) => void;
  onPartPublished?: LivePackagerOptions['onPartPublished'];
  /** While a publisher is away (reconnect grace), package a slate so players keep playing. */
  fallbackSlate: boolean;
}

interface SinkEntry {
  packager: LivePackager;
  name: string;
  container: IngestContainer;
  slate?: FfmpegStdoutSource;
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
  const startSlate = (entry: SinkEntry) => {
    const video = entry.packager.tracks.video?.init?.track;
    entry.container = 'mpegts';
    const frameRate = entry.packager.frameRate;
    const slate = new FfmpegStdoutSource({
      name: `slate:${entry.name}`,
      args: () => slateArgs({ width: video?.width, height: video?.height, frameRate }),
      write: (bytes) => entry.packager.write(bytes),
    });
    entry.slate = slate;
    void entry.packager.attachSource().then(() => {
      if (entry.slate === slate) slate.start();
    });
  };

  return {
    begin(stream, container) {
      const current = byStreamId.get(stream.id);
      if (current && options.live.get(current.name) === current.packager) {
        stopSlate(current);
        current.container = container;
        void current.packager.attachSource();
        return;
      }
      const entry: SinkEntry = {
        name: stream.name,
        container,
        packager: undefined as unknown as LivePackager,
      };
      entry.packager = new LivePackager({
        name: stream.name,
        partTarget: stream.partTargetSeconds,
        segmentTarget: stream.segmentTargetSeconds,
        ...options.window(stream),
        tracks: ['video', 'audio'],
        // Read per FFmpeg session: a publisher may come back over another protocol.
        ffmpegArgs: () =>
          packagingArgs({ input: { kind: 'stdin', format: entry.container }, producerReferenceTime: true }),
        fed: { maxPendingBytes: options.maxPendingBytes },
        onEvent: (event) => options.onEvent(stream, event),
        onPartPublished: options.onPartPublished,
      });
      byStreamId.set(stream.id, entry);
      // A publisher takes the name from a pull source or the demo that held it.
      if (options.live.get(stream.name))
        void options.live.replace(stream.name, entry.packager, 'publisher arrived');
      else options.live.start(stream.name, entry.packager);
    },
    write(streamId, bytes) {
      return byStreamId.get(streamId)?.packager.write(bytes) ?? false;
    },
    pause(streamId) {
      const entry = byStreamId.get(streamId);
      if (!entry) return;
      entry.packager.detachSource();
      if (options.fallbackSlate) startSlate(entry);
    },
    end(streamId, reason) {
      const entry = byStreamId.get(streamId);
      if (!entry) return;
      byStreamId.delete(streamId);
      stopSlate(entry);
      if (options.live.get(entry.name) === entry.packager) void options.live.stop(entry.name, reason);
      else void entry.packager.close(reason);
    },
  };
}
