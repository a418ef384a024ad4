import { type FileHandle, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogPort } from '../../defs/log.ts';
import type { LiveSegment, TrackTimeline } from '../live/track-timeline.ts';
import { journalEntry } from './recording-journal.ts';
import { initFile, JOURNAL_FILE, segmentFile } from './recording-layout.ts';
import { segmentMediaFacts } from './segment-media-facts.ts';

export type RecorderLog = LogPort;

export interface TrackRecorderOptions {
  /** Track id: the directory name under the asset directory (see recording-layout.ts). */
  id: string;
  /** The asset directory. */
  directory: string;
  timeline: TrackTimeline;
  log: RecorderLog;
}

/**
 * Copies one track's complete segments from its live timeline to disk, in order, as they
 * complete: `<track>/<n>.m4s`, each init it needs once (`init-<v>.mp4`), then a journal line.
 * It holds no media of its own: a segment is read from the timeline (which holds it anyway) and
 * written straight out. A recorder that falls behind the live window (a slow disk) skips what
 * the timeline no longer holds and marks the gap; it never makes the timeline keep more.
 */
export class TrackRecorder {
  readonly id: string;
  /** Written so far. */
  segments = 0;
  bytes = 0;
  seconds = 0;
  readonly #directory: string;
  readonly #timeline: TrackTimeline;
  readonly #log: RecorderLog;
  #nextMsn: number;
  #initsWritten = new Set<number>();
  #gap = false;
  #journal: FileHandle | undefined;

  constructor(options: TrackRecorderOptions) {
    this.id = options.id;
    this.#directory = join(options.directory, options.id);
    this.#timeline = options.timeline;
    this.#log = options.log;
    // From the oldest segment the timeline still holds: a recording started just after the
    // stream went live keeps its first segments.
    this.#nextMsn = this.#timeline.segments[0]?.msn ?? this.#timeline.currentMsn;
  }

  get timeline(): TrackTimeline {
    return this.#timeline;
  }

  /** Writes every complete segment not written yet. Throws on a disk error (the caller fails the asset). */
  async catchUp(): Promise<void> {
    for (;;) {
      const newest = this.#timeline.segments.at(-1)?.msn;
      if (newest === undefined || this.#nextMsn > newest) return;
      const segment = this.#timeline.segment(this.#nextMsn) ?? this.#skipToHeld(newest);
      if (!segment) return;
      await this.#write(segment);
      this.#nextMsn = segment.msn + 1;
    }
  }

  /** The oldest segment still held after a lost stretch; marks the gap. */
  #skipToHeld(newest: number): LiveSegment | undefined {
    for (let msn = this.#nextMsn + 1; msn <= newest; msn++) {
      const segment = this.#timeline.segment(msn);
      if (!segment) continue;
      this.#log('warn', 'recording lost segments: the disk fell behind the live window', {
        track: this.id,
        lostMsns: `${this.#nextMsn}-${msn - 1}`,
      });
      this.#gap = true;
      return segment;
    }
    this.#nextMsn = newest + 1;
    return undefined;
  }

  async #write(segment: LiveSegment): Promise<void> {
    if (!this.#journal) {
      await mkdir(this.#directory, { recursive: true });
      this.#journal = await open(join(this.#directory, JOURNAL_FILE), 'a');
    }
    const version = segment.initVersion;
    if (!this.#initsWritten.has(version)) {
      const init = this.#timeline.initFor(version);
      // A held segment always has its init (TrackTimeline keeps it while any segment needs it).
      if (!init) throw new Error(`track ${this.id}: no init ${version} for segment ${segment.msn}`);
      await writeFile(join(this.#directory, initFile(version)), init.bytes);
      const { track } = init;
      await this.#journal.appendFile(
        journalEntry({
          type: 'init',
          version,
          handler: track.handler,
          codec: track.codec,
          timescale: track.timescale,
          width: track.width ?? null,
          height: track.height ?? null,
          sampleRate: track.sampleRate ?? null,
          channelCount: track.channelCount ?? null,
          bytes: init.bytes.length,
        }),
      );
      this.#initsWritten.add(version);
      this.bytes += init.bytes.length;
    }
    const n = this.segments;
    // A DVR timeline may have moved the segment to disk (keeping only its first moof in memory):
    // then it is read back, one segment at a time. Taken together, so a spill finishing meanwhile
    // cannot pair the file with the shortened bytes.
    const { bytes: held, file } = segment;
    const bytes = file ? new Uint8Array(await readFile(file)) : held;
    const facts = segmentMediaFacts(bytes);
    await writeFile(join(this.#directory, segmentFile(n)), bytes);
    // The journal line comes after the file is whole: every line names a complete file.
    await this.#journal.appendFile(
      journalEntry({
        type: 'segment',
        n,
        msn: segment.msn,
        initVersion: version,
        start: facts.decodeTime ?? null,
        duration: segment.duration,
        samples: facts.samples ?? null,
        programDateTimeMs: segment.programDateTimeMs,
        discontinuity: segment.discontinuity,
        gap: this.#gap,
        bytes: bytes.length,
      }),
    );
    this.#gap = false;
    this.segments++;
    this.bytes += bytes.length;
    this.seconds += segment.duration;
  }

  /** Flushes and closes the journal. */
  async close(): Promise<void> {
    const journal = this.#journal;
    this.#journal = undefined;
    if (!journal) return;
    try {
      await journal.sync();
    } finally {
      await journal.close();
    }
  }
}
