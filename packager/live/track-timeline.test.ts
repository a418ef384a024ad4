import { describe, expect, test } from 'bun:test';
import type { CompletedPart, CompletedSegment } from '../fmp4/part-cutter.ts';
import { ChangeSignal } from './change-signal.ts';
import { TrackTimeline } from './track-timeline.ts';

function part(segmentIndex: number, partIndex: number, bytes: number[]): CompletedPart {
  return {
    kind: 'partComplete',
    segmentIndex,
    partIndex,
    startTime: 0,
    duration: 0.2,
    startTicks: 0,
    durationTicks: 0,
    independent: partIndex === 0,
    bytes: new Uint8Array(bytes),
  };
}

function segment(index: number, bytes: number[], discontinuity = false): CompletedSegment {
  return {
    kind: 'segmentComplete',
    index,
    startTime: index * 2,
    duration: 2,
    startTicks: 0,
    durationTicks: 0,
    discontinuity,
    partCount: 2,
    bytes: new Uint8Array(bytes),
  };
}

/** Publishes segment `msn` as two parts [msn, 1] and [msn, 2]. */
function publish(timeline: TrackTimeline, msn: number, discontinuity = false) {
  timeline.addPart(part(msn, 0, [msn, 1]), 1000 * msn, discontinuity);
  timeline.addPart(part(msn, 1, [msn, 2]), 1000 * msn, discontinuity);
  timeline.completeSegment(segment(msn, [msn, 1, msn, 2], discontinuity));
}

describe('TrackTimeline', () => {
  test('keeps the window, then the grace period, then forgets', () => {
    let now = 0;
    const timeline = new TrackTimeline({ windowSegments: 2, graceMs: 6000, now: () => now });
    for (let msn = 0; msn < 3; msn++) publish(timeline, msn);
    expect(timeline.segments.map((s) => s.msn)).toEqual([1, 2]);
    expect(timeline.segment(0)?.bytes).toEqual(new Uint8Array([0, 1, 0, 2])); // removed, still downloadable
    expect(timeline.part(0, 1)?.bytes).toEqual(new Uint8Array([0, 2]));
    now = 6001;
    publish(timeline, 3);
    expect(timeline.segment(0)).toBeUndefined();
    expect(timeline.heldBytes).toBe(3 * 4); // window (2) + segment 1 in grace
  });

  test('parts become views of their segment: media is held once', () => {
    const timeline = new TrackTimeline({ windowSegments: 6, graceMs: 6000 });
    publish(timeline, 0);
    const stored = timeline.segment(0);
    expect(stored?.parts[1]?.bytes.buffer).toBe(stored?.bytes.buffer as ArrayBuffer);
  });

  test('counts discontinuities that leave the window', () => {
    const timeline = new TrackTimeline({ windowSegments: 1, graceMs: 0 });
    publish(timeline, 0);
    publish(timeline, 1, true);
    expect(timeline.discontinuitySequence).toBe(0);
    publish(timeline, 2);
    expect(timeline.discontinuitySequence).toBe(1);
  });

  test('in-progress position and end of stream', () => {
    const timeline = new TrackTimeline({ windowSegments: 6, graceMs: 0 });
    publish(timeline, 0);
    expect(timeline.currentMsn).toBe(1);
    timeline.addPart(part(1, 0, [9]), 0, false);
    expect(timeline.inProgress?.parts.length).toBe(1);
    const version = timeline.version;
    timeline.end();
    expect(timeline.ended).toBe(true);
    expect(timeline.inProgress).toBeUndefined();
    expect(timeline.version).toBeGreaterThan(version);
  });
});

describe('ChangeSignal', () => {
  test('releases every waiter whose condition holds after a change, and only those', async () => {
    const signal = new ChangeSignal();
    let value = 0;
    const first = signal.waitUntil(() => value >= 1, 5000);
    const second = signal.waitUntil(() => value >= 2, 5000);
    value = 1;
    signal.notify();
    expect(await first).toBe(true);
    expect(signal.waiting).toBe(1);
    value = 2;
    signal.notify();
    expect(await second).toBe(true);
    expect(signal.waiting).toBe(0);
  });

  test('times out with false, and answers at once when already ready', async () => {
    const signal = new ChangeSignal({ sweepMs: 10 });
    const started = performance.now();
    expect(await signal.waitUntil(() => false, 50)).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(await signal.waitUntil(() => true, 50)).toBe(true);
  });
});

describe('init versions', () => {
  const track = {
    trackId: 1,
    handler: 'vide',
    timescale: 90000,
    codec: 'avc1.64001f',
    defaults: {},
  } as never;

  test('identical init bytes keep the version; new bytes make a new one, and segments keep theirs', () => {
    const timeline = new TrackTimeline({ windowSegments: 2, graceMs: 0 });
    timeline.setInit(new Uint8Array([1, 2, 3]), track);
    publish(timeline, 0);
    timeline.setInit(new Uint8Array([1, 2, 3]), track); // same publisher settings after a reconnect
    expect(timeline.init?.version).toBe(0);
    publish(timeline, 1, true);
    timeline.setInit(new Uint8Array([9, 9]), track); // other settings
    expect(timeline.init?.version).toBe(1);
    publish(timeline, 2, true);
    expect(timeline.segments.map((s) => s.initVersion)).toEqual([0, 1]);
    expect(timeline.initFor(0)?.bytes).toEqual(new Uint8Array([1, 2, 3]));
    // Once no held segment needs version 0, it goes.
    publish(timeline, 3);
    expect(timeline.segments.map((s) => s.initVersion)).toEqual([1, 1]);
    expect(timeline.initFor(0)).toBeUndefined();
    expect(timeline.initFor(1)?.bytes).toEqual(new Uint8Array([9, 9]));
  });
});
