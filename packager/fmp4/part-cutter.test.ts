import { describe, expect, test } from 'bun:test';
import {
  type CompletedPart,
  type CompletedSegment,
  type CutterChunk,
  PartCutter,
  type PartCutterEvent,
} from './part-cutter.ts';

const FRAME = 1001; // 29.97 fps at timescale 30000
const PART_TARGET = (6 * 1001) / 30000; // partTargetFor(0.2, [1001/30000])

/** Frame i as a chunk: bytes [i & 0xff, ...] so concatenations can be checked. */
function frame(i: number, duration = FRAME, keyEvery = 60): CutterChunk {
  return {
    bytes: Uint8Array.of(i & 0xff, (i >> 8) & 0xff),
    baseMediaDecodeTime: i * duration,
    duration,
    independent: i % keyEvery === 0,
  };
}

const parts = (events: PartCutterEvent[]): CompletedPart[] =>
  events.filter((e): e is CompletedPart => e.kind === 'partComplete');
const segments = (events: PartCutterEvent[]): CompletedSegment[] =>
  events.filter((e): e is CompletedSegment => e.kind === 'segmentComplete');

function run(cutter: PartCutter, chunks: CutterChunk[]): PartCutterEvent[] {
  return [...chunks.flatMap((c) => cutter.push(c)), ...cutter.flush()];
}

const concat = (list: Uint8Array[]): number[] => list.flatMap((b) => [...b]);

describe('PartCutter, video (keyframes decide)', () => {
  const cutter = new PartCutter({
    timescale: 30000,
    partTarget: PART_TARGET,
    segmentTarget: 2,
    segmentBoundaries: 'keyframes',
  });
  const events = run(
    cutter,
    Array.from({ length: 180 }, (_, i) => frame(i)),
  );

  test('60-frame GOPs make 2.002 s segments of ten 6-frame parts', () => {
    expect(segments(events).map((s) => [s.index, s.durationTicks, s.partCount, s.startTicks])).toEqual([
      [0, 60 * FRAME, 10, 0],
      [1, 60 * FRAME, 10, 60 * FRAME],
      [2, 60 * FRAME, 10, 120 * FRAME],
    ]);
    for (const part of parts(events)) {
      expect(part.durationTicks).toBe(6 * FRAME);
      expect(part.duration).toBeLessThanOrEqual(PART_TARGET + 1e-9);
      expect(part.independent).toBe(part.partIndex === 0);
    }
  });

  test('a segment is the concatenation of its parts, and parts of their chunks', () => {
    for (const segment of segments(events)) {
      const own = parts(events).filter((p) => p.segmentIndex === segment.index);
      expect([...segment.bytes]).toEqual(concat(own.map((p) => p.bytes)));
    }
    const appended = events.filter((e) => e.kind === 'chunkAppended');
    expect(concat(parts(events).map((p) => p.bytes))).toEqual(concat(appended.map((e) => e.bytes)));
  });

  test('a full part is published with its last chunk, not one chunk later', () => {
    const c = new PartCutter({
      timescale: 30000,
      partTarget: PART_TARGET,
      segmentTarget: 2,
      segmentBoundaries: 'keyframes',
    });
    for (let i = 0; i < 5; i++) expect(parts(c.push(frame(i)))).toEqual([]);
    expect(c.inProgressPart?.chunkCount).toBe(5);
    const sixth = c.push(frame(5));
    expect(sixth.map((e) => e.kind)).toEqual(['chunkAppended', 'partComplete']);
    expect(c.inProgressPart).toBeUndefined();
    expect(c.inProgressSegment?.chunkCount).toBe(6);
  });

  test('segments wait for a keyframe past the target; keyframes inside a segment do not cut', () => {
    const c = new PartCutter({
      timescale: 30000,
      partTarget: PART_TARGET,
      segmentTarget: 2,
      segmentBoundaries: 'keyframes',
    });
    const ev = run(
      c,
      Array.from({ length: 200 }, (_, i) => frame(i, FRAME, 45)),
    );
    // keyframes at 0,45,90,135,180: 45 frames = 1.5 s is short, so cut at 90 and 180
    expect(segments(ev).map((s) => s.durationTicks / FRAME)).toEqual([90, 90, 20]);
    const first = parts(ev).filter((p) => p.segmentIndex === 0);
    expect(first.every((p) => p.durationTicks <= 6 * FRAME)).toBe(true);
  });

  test('parts never exceed the target with uneven chunk durations', () => {
    const c = new PartCutter({
      timescale: 1000,
      partTarget: 0.2,
      segmentTarget: 1,
      segmentBoundaries: 'keyframes',
    });
    let t = 0;
    const chunks = [30, 50, 70, 40, 90, 10, 100, 60, 20, 80, 33, 33, 34].map((d, i) => {
      const chunk = { bytes: Uint8Array.of(i), baseMediaDecodeTime: t, duration: d, independent: i === 0 };
      t += d;
      return chunk;
    });
    const ev = run(c, chunks);
    expect(parts(ev).every((p) => p.durationTicks <= 200)).toBe(true);
    expect(parts(ev).reduce((n, p) => n + p.durationTicks, 0)).toBe(t);
  });

  test('reset closes what is open and flags the next segment as a discontinuity', () => {
    const c = new PartCutter({
      timescale: 30000,
      partTarget: PART_TARGET,
      segmentTarget: 2,
      segmentBoundaries: 'keyframes',
    });
    for (let i = 0; i < 10; i++) c.push(frame(i));
    const closing = c.reset();
    expect(segments(closing).map((s) => [s.index, s.durationTicks, s.discontinuity])).toEqual([
      [0, 10 * FRAME, false],
    ]);
    const after = run(
      c,
      Array.from({ length: 60 }, (_, i) => ({ ...frame(i), baseMediaDecodeTime: 9_000_000 + i * FRAME })),
    );
    expect(segments(after).map((s) => [s.index, s.startTicks, s.discontinuity])).toEqual([
      [1, 9_000_000, true],
    ]);
  });
});

describe('PartCutter, audio (video decides via cutAt)', () => {
  const AAC = 1024;
  const audioFrame = (i: number): CutterChunk => ({
    bytes: Uint8Array.of(i & 0xff),
    baseMediaDecodeTime: i * AAC,
    duration: AAC,
    independent: true,
  });

  test('cuts at the first chunk starting at or after the boundary; 9-frame parts', () => {
    const c = new PartCutter({
      timescale: 48000,
      partTarget: PART_TARGET,
      segmentTarget: 2,
      segmentBoundaries: 'external',
    });
    c.cutAt(2.002);
    c.cutAt(4.004);
    const ev = run(
      c,
      Array.from({ length: 250 }, (_, i) => audioFrame(i)),
    );
    // ceil(2.002 * 48000 / 1024) = 94, ceil(4.004 * 48000 / 1024) = 188
    expect(segments(ev).map((s) => [s.startTicks / AAC, s.durationTicks / AAC])).toEqual([
      [0, 94],
      [94, 94],
      [188, 62],
    ]);
    for (const segment of segments(ev)) {
      const own = parts(ev).filter((p) => p.segmentIndex === segment.index);
      expect(own.slice(0, -1).every((p) => p.durationTicks === 9 * AAC)).toBe(true);
      expect(own.every((p) => p.independent)).toBe(true);
      expect(own.every((p) => p.duration >= 0.85 * PART_TARGET || p === own.at(-1))).toBe(true);
    }
  });

  test('without cutAt an external-boundary track keeps one segment', () => {
    const c = new PartCutter({
      timescale: 48000,
      partTarget: PART_TARGET,
      segmentTarget: 2,
      segmentBoundaries: 'external',
    });
    expect(
      segments(
        run(
          c,
          Array.from({ length: 200 }, (_, i) => audioFrame(i)),
        ),
      ).length,
    ).toBe(1);
  });

  test("a boundary at or before the open segment's start is ignored", () => {
    const c = new PartCutter({
      timescale: 48000,
      partTarget: PART_TARGET,
      segmentTarget: 2,
      segmentBoundaries: 'external',
    });
    c.cutAt(0);
    c.cutAt(1.0);
    const ev = run(
      c,
      Array.from({ length: 60 }, (_, i) => audioFrame(i)),
    );
    // ceil(1.0 * 48000 / 1024) = 47
    expect(segments(ev).map((s) => [s.startTicks / AAC, s.durationTicks / AAC])).toEqual([
      [0, 47],
      [47, 13],
    ]);
  });

  test('a boundary the audio already passed lands on its next chunk', () => {
    const c = new PartCutter({
      timescale: 48000,
      partTarget: PART_TARGET,
      segmentTarget: 2,
      segmentBoundaries: 'external',
    });
    for (let i = 0; i < 100; i++) c.push(audioFrame(i));
    c.cutAt(1.0);
    const ev = [...c.push(audioFrame(100)), ...c.flush()];
    expect(segments(ev).map((s) => [s.startTicks / AAC, s.durationTicks / AAC])).toEqual([
      [0, 100],
      [100, 1],
    ]);
  });
});
