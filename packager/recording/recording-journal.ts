import { z } from 'zod';

/**
 * A track's journal: one JSON line per file written, appended after the file itself is complete,
 * so every line names a whole file. The VOD manifests are built from it, when the stream ends or,
 * after a crash, when the origin starts again. A torn last line (a crash mid-append) is skipped.
 */

const count = z.number().int().nonnegative();
const optionalCount = count.nullable();

const initLine = z.object({
  type: z.literal('init'),
  version: count,
  /** hdlr handler type: 'vide', 'soun'. */
  handler: z.string().max(16),
  codec: z.string().min(1).max(128),
  timescale: z.number().int().positive(),
  width: optionalCount,
  height: optionalCount,
  sampleRate: optionalCount,
  channelCount: optionalCount,
  bytes: count,
});

const segmentLine = z.object({
  type: z.literal('segment'),
  /** Its file number (`<n>.m4s`): 0, 1, 2... in recording order. */
  n: count,
  /** Its media sequence number in the live stream. */
  msn: count,
  initVersion: count,
  /** tfdt of its first fragment, in the init's timescale; null when unreadable. */
  start: count.nullable(),
  /** Seconds. */
  duration: z.number().nonnegative().finite(),
  /** Samples (video: frames) in it; null when unreadable. */
  samples: count.nullable(),
  programDateTimeMs: z.number().finite(),
  /** The source restarted before it (a new session; media time starts over). */
  discontinuity: z.boolean(),
  /** The recording lost segments before it (the disk fell behind the live window). */
  gap: z.boolean(),
  bytes: count,
});

export type RecordedInit = z.infer<typeof initLine>;
export type RecordedSegment = z.infer<typeof segmentLine>;
const journalLine = z.discriminatedUnion('type', [initLine, segmentLine]);

export function journalEntry(line: RecordedInit | RecordedSegment): string {
  return `${JSON.stringify(line)}\n`;
}

export interface TrackJournal {
  inits: Map<number, RecordedInit>;
  /** In file order; each one's init is in `inits`. */
  segments: RecordedSegment[];
  /** Lines that did not parse or did not fit (reported, not fatal). */
  skippedLines: number;
}

export function parseTrackJournal(text: string): TrackJournal {
  const journal: TrackJournal = { inits: new Map(), segments: [], skippedLines: 0 };
  for (const raw of text.split('\n')) {
    if (raw === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      journal.skippedLines++;
      continue;
    }
    const parsed = journalLine.safeParse(value);
    if (!parsed.success) {
      journal.skippedLines++;
      continue;
    }
    const line = parsed.data;
    if (line.type === 'init') {
      journal.inits.set(line.version, line);
    } else if (journal.inits.has(line.initVersion) && line.n === journal.segments.length) {
      journal.segments.push(line);
    } else {
      // Out of order or without its init: the files after it cannot be listed without a hole.
      journal.skippedLines++;
    }
  }
  return journal;
}
