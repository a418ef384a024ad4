import { describe, expect, test } from 'bun:test';
import {
  journalEntry,
  parseTrackJournal,
  type RecordedInit,
  type RecordedSegment,
} from './recording-journal.ts';

const init: RecordedInit = {
  type: 'init',
  version: 0,
  handler: 'vide',
  codec: 'avc1.64001f',
  timescale: 12800,
  width: 1280,
  height: 720,
  sampleRate: null,
  channelCount: null,
  bytes: 800,
};
const segment = (n: number): RecordedSegment => ({
  type: 'segment',
  n,
  msn: n + 5,
  initVersion: 0,
  start: n * 25600,
  duration: 2,
  samples: 50,
  programDateTimeMs: 1_735_732_800_000 + n * 2000,
  discontinuity: false,
  gap: false,
  bytes: 1000,
});

describe('parseTrackJournal', () => {
  test('reads back what was written', () => {
    const journal = parseTrackJournal([init, segment(0), segment(1)].map(journalEntry).join(''));
    expect(journal).toEqual({
      inits: new Map([[0, init]]),
      segments: [segment(0), segment(1)],
      skippedLines: 0,
    });
  });

  test('skips a torn last line, a line without its init, values out of range and files out of order', () => {
    const text = [
      journalEntry(segment(0)), // before its init
      journalEntry(init),
      journalEntry(segment(0)),
      journalEntry({ ...segment(1), duration: -1 }),
      journalEntry(segment(2)), // would leave a hole at 1
      journalEntry(segment(1)),
      `${JSON.stringify({ ...segment(2), type: 'other' })}\n`,
      journalEntry(segment(2)).slice(0, 30),
    ].join('');
    const journal = parseTrackJournal(text);
    expect(journal.segments.map((s) => s.n)).toEqual([0, 1]);
    expect(journal.skippedLines).toBe(5);
  });
});
