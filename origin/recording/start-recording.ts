import { join } from 'node:path';
import type { EventBus } from '../../defs/events.ts';
import type { AssetStore, StreamStore } from '../../defs/ports.ts';
import type { TrackTimeline } from '../../packager/live/track-timeline.ts';
import { finaliseRecording } from '../../packager/recording/finalise-recording.ts';
import { StreamRecorder } from '../../packager/recording/stream-recorder.ts';
import type { RecorderLog } from '../../packager/recording/track-recorder.ts';
import { assetPath } from '../../state/sqlite/asset-store.ts';

/** What recording needs of a live stream: its timelines by track id (LivePackager.tracks). */
export interface RecordableStream {
  readonly tracks: Readonly<Record<string, TrackTimeline | undefined>>;
}

export interface RecordingOptions {
  events: Pick<EventBus, 'on'>;
  streams: Pick<StreamStore, 'get'>;
  assets: AssetStore;
  /** The data directory: recordings go to `<dataDir>/recordings/<assetId>/`. */
  dataDir: string;
  /** The live stream's packager by name (LiveStreams.get). */
  packagerOf: (name: string) => RecordableStream | undefined;
  log?: RecorderLog;
  now?: () => number;
}

export interface RunningRecording {
  /** The recorder of a stream that is being recorded right now. */
  recorderOf(streamId: string): StreamRecorder | undefined;
  /** Stops listening, ends every recording (finalising what is complete) and waits for them. */
  close(): Promise<void>;
}

/**
 * Records streams whose `record` flag is on: a StreamRecorder from `stream.live` until the stream's
 * timelines end (`stream.offline` too, as a backstop), one asset per live session. Turning the flag
 * on or off takes effect at the stream's next session. At start, recordings a previous process left
 * `recording` (a crash) are finalised from their journals: ready if anything was recorded.
 */
export async function startRecording(options: RecordingOptions): Promise<RunningRecording> {
  const log = options.log ?? (() => {});
  const now = options.now ?? Date.now;
  const directoryOf = (assetId: string) => join(options.dataDir, assetPath(assetId));

  await recoverInterrupted(options, directoryOf, log, now);

  const active = new Map<string, { recorder: StreamRecorder; source: RecordableStream }>();
  const begin = (streamId: string, name: string) => {
    const stream = options.streams.get(streamId);
    if (!stream?.record) return;
    const source = options.packagerOf(name);
    if (!source) {
      log('warn', 'stream went live but has no packager here; not recording', { stream: name });
      return;
    }
    const current = active.get(streamId);
    if (current?.source === source) return;
    if (current) void current.recorder.stop();
    let asset: ReturnType<AssetStore['create']>;
    try {
      asset = options.assets.create({ streamId, streamName: name, startedAt: new Date(now()).toISOString() });
    } catch (error) {
      log('error', 'recording not started: the asset could not be saved', {
        stream: name,
        reason: (error as Error).message,
      });
      return;
    }
    const recorder = new StreamRecorder({
      assetId: asset.id,
      directory: directoryOf(asset.id),
      tracks: () => source.tracks,
      assets: options.assets,
      log,
      now,
    });
    const entry = { recorder, source };
    active.set(streamId, entry);
    void recorder.start().then(() => {
      if (active.get(streamId) === entry) active.delete(streamId);
    });
  };

  const unsubscribe = [
    options.events.on('stream.live', ({ streamId, name }) => begin(streamId, name)),
    options.events.on('stream.offline', ({ streamId }) => {
      void active.get(streamId)?.recorder.stop();
    }),
  ];

  return {
    recorderOf: (streamId) => active.get(streamId)?.recorder,
    async close() {
      for (const off of unsubscribe) off();
      await Promise.all([...active.values()].map(({ recorder }) => recorder.stop()));
      active.clear();
    },
  };
}

async function recoverInterrupted(
  options: RecordingOptions,
  directoryOf: (assetId: string) => string,
  log: RecorderLog,
  now: () => number,
): Promise<void> {
  for (;;) {
    // Each one leaves `recording`, so the first page is always the next batch.
    const { items } = options.assets.list({ limit: 50, offset: 0, state: 'recording' });
    if (items.length === 0) return;
    for (const asset of items) {
      const endedAt = new Date(now()).toISOString();
      try {
        const summary = await finaliseRecording(directoryOf(asset.id));
        const { durationSeconds, bytes, segmentCount } = summary;
        options.assets.update(asset.id, {
          state: 'ready',
          endedAt,
          durationSeconds,
          bytes,
          segmentCount,
          failureReason: null,
        });
        log('info', 'recording interrupted by a restart was finalised', { assetId: asset.id, ...summary });
      } catch (error) {
        const reason = `interrupted by a restart; ${(error as Error).message}`;
        options.assets.update(asset.id, { state: 'failed', endedAt, failureReason: reason });
        log('warn', 'recording interrupted by a restart could not be finalised', {
          assetId: asset.id,
          reason,
        });
      }
    }
  }
}
