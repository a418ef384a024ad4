import { mkdir } from 'node:fs/promises';
import type { AssetStore } from '../../defs/ports.ts';
import type { TrackTimeline } from '../live/track-timeline.ts';
import { finaliseRecording, type RecordingSummary } from './finalise-recording.ts';
import { isTrackId } from './recording-layout.ts';
import { type RecorderLog, TrackRecorder } from './track-recorder.ts';

/** What the recorder needs of the asset store: it only reports progress and the outcome. */
export type AssetsForRecorder = Pick<AssetStore, 'update'>;

export interface StreamRecorderOptions {
  assetId: string;
  /** The asset directory (`<dataDir>/recordings/<assetId>`). */
  directory: string;
  /**
   * The stream's timelines by rendition/track id ('video', 'audio', 'video-720p'...). Read on every
   * change, so tracks that appear later are picked up; ids must be path-safe (recording-layout.ts).
   */
  tracks: () => Readonly<Record<string, TrackTimeline | undefined>>;
  assets: AssetsForRecorder;
  log?: RecorderLog;
  now?: () => number;
  /** Progress (duration, bytes, segments) reaches the asset store at most this often; default 1 s. */
  progressIntervalMs?: number;
}

export type RecordingOutcome =
  | ({ state: 'ready' } & RecordingSummary)
  | { state: 'failed'; reason: string; durationSeconds: number; bytes: number; segmentCount: number };

function reasonOf(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return code && !message.startsWith(code) ? `${code}: ${message}` : String(message ?? error);
}

/**
 * Records one live stream to disk while it is live: every complete segment of every track as it
 * completes (TrackRecorder), then, when the timelines end or stop() is called, the VOD manifests
 * (finaliseRecording) and the asset's final state. Runs beside the live stream and never touches
 * it: a disk error fails the asset with a log line and the stream goes on.
 *
 *   live timelines --changed--> TrackRecorder per track --> <track>/<n>.m4s + journal
 *   end / stop()   -----------> finaliseRecording --> <track>.m3u8, index.m3u8, manifest.mpd
 *   asset store    <----------- progress (throttled), then ready | failed
 */
export class StreamRecorder {
  readonly #options: StreamRecorderOptions;
  readonly #log: RecorderLog;
  readonly #now: () => number;
  readonly #recorders = new Map<string, TrackRecorder>();
  readonly #refused = new Set<string>();
  #stopRequested = false;
  #wakeForStop: () => void = () => {};
  #finished: Promise<RecordingOutcome> | undefined;
  #lastProgressAt = Number.NEGATIVE_INFINITY;

  constructor(options: StreamRecorderOptions) {
    this.#options = options;
    this.#log = options.log ?? (() => {});
    this.#now = options.now ?? Date.now;
  }

  get assetId(): string {
    return this.#options.assetId;
  }

  /** Resolves once the recording is finalised (ready) or has failed (starting it if it was not). */
  get finished(): Promise<RecordingOutcome> {
    return this.start();
  }

  /** Starts recording (once); the returned promise is `finished`. */
  start(): Promise<RecordingOutcome> {
    if (!this.#finished) {
      // Each track's first segment is fixed now, not after the first await: a fast source may
      // move its window on meanwhile (what left it stays readable for its grace time).
      this.#attachTracks();
      this.#finished = this.#run();
    }
    return this.#finished;
  }

  /** Ends the recording now: what is complete is kept and finalised. */
  stop(): Promise<RecordingOutcome> {
    this.#stopRequested = true;
    this.#wakeForStop();
    return this.start();
  }

  close(): Promise<RecordingOutcome> {
    return this.stop();
  }

  async #run(): Promise<RecordingOutcome> {
    const { assetId, directory } = this.#options;
    this.#log('info', 'recording started', { assetId, directory });
    let outcome: RecordingOutcome;
    try {
      await mkdir(directory, { recursive: true });
      await this.#record();
      await this.#closeJournals();
      const summary = await finaliseRecording(directory);
      outcome = { state: 'ready', ...summary };
      this.#log('info', 'recording ready', { assetId, ...summary });
    } catch (error) {
      await this.#closeJournals().catch(() => {});
      const reason = reasonOf(error);
      outcome = { state: 'failed', reason, ...this.#progress() };
      this.#log('error', 'recording failed; the live stream is not affected', { assetId, directory, reason });
    }
    this.#report({
      state: outcome.state,
      endedAt: new Date(this.#now()).toISOString(),
      durationSeconds: outcome.durationSeconds,
      bytes: outcome.bytes,
      segmentCount: outcome.segmentCount,
      failureReason: outcome.state === 'failed' ? outcome.reason : null,
    });
    return outcome;
  }

  /** Copies segments as they complete until every timeline has ended or stop() is called. */
  async #record(): Promise<void> {
    for (;;) {
      const timelines = this.#attachTracks();
      // Armed before catching up, so a change during the writes still wakes the next round.
      const changed = Promise.race([
        ...timelines.map((t) => t.changed.next()),
        new Promise<void>((resolve) => {
          this.#wakeForStop = resolve;
        }),
      ]);
      const ended = timelines.length > 0 && timelines.every((t) => t.ended);
      const stopping = this.#stopRequested;
      for (const recorder of this.#recorders.values()) await recorder.catchUp();
      if (this.#now() - this.#lastProgressAt >= (this.#options.progressIntervalMs ?? 1000)) {
        this.#lastProgressAt = this.#now();
        this.#report(this.#progress());
      }
      if (ended || stopping) return;
      await changed;
    }
  }

  #attachTracks(): TrackTimeline[] {
    for (const [id, timeline] of Object.entries(this.#options.tracks())) {
      if (!timeline || this.#recorders.has(id)) continue;
      if (!isTrackId(id)) {
        if (!this.#refused.has(id))
          this.#log('warn', 'track not recorded: its id cannot be a file name', { track: id });
        this.#refused.add(id);
        continue;
      }
      this.#recorders.set(
        id,
        new TrackRecorder({ id, directory: this.#options.directory, timeline, log: this.#log }),
      );
    }
    return [...this.#recorders.values()].map((r) => r.timeline);
  }

  /** The leading track's numbers (video, else the first track), media bytes of all. */
  #progress(): { durationSeconds: number; bytes: number; segmentCount: number } {
    const recorders = [...this.#recorders.values()];
    const leader =
      recorders.find((r) => r.timeline.init?.track.handler === 'vide') ??
      recorders.find((r) => r.segments > 0);
    return {
      durationSeconds: Math.round((leader?.seconds ?? 0) * 1000) / 1000,
      bytes: recorders.reduce((sum, r) => sum + r.bytes, 0),
      segmentCount: leader?.segments ?? 0,
    };
  }

  #report(patch: Parameters<AssetsForRecorder['update']>[1]): void {
    try {
      this.#options.assets.update(this.#options.assetId, patch);
    } catch (error) {
      this.#log('error', 'recording state could not be saved', {
        assetId: this.#options.assetId,
        reason: reasonOf(error),
      });
    }
  }

  async #closeJournals(): Promise<void> {
    for (const recorder of this.#recorders.values()) await recorder.close();
  }
}
