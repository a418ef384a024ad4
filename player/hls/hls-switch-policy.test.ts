import { expect, test } from 'bun:test';
import { type HlsSwitchInput, HlsSwitchPolicy } from './hls-switch-policy.ts';

// Index 0 is 144p, 1 is 240p, 2 is 360p (hls.js sorts levels by bitrate).
const bitrates = [380_000, 750_000, 1_440_000];
const at = (offsetSeconds: number) => ({ offsetSeconds, remainingSeconds: 2 - offsetSeconds });
// One part into a segment, with the playhead still in the one before: where up switches go.
const early = at(0.2);

function policy() {
  const p = new HlsSwitchPolicy({ panicBufferSeconds: 0.15, failedUpWindowMs: 8000, upPenaltyMs: 8000 });
  const decide = (input: Partial<HlsSwitchInput> & Pick<HlsSwitchInput, 'current' | 'proposed' | 'nowMs'>) =>
    p.decide({ bitrates, position: early, segmentStart: 100, bufferSeconds: 0.5, ...input });
  return { p, decide };
}

test('no switch proposed, or nothing known: the proposal', () => {
  const { decide } = policy();
  expect(decide({ current: 1, proposed: 1, nowMs: 0 })).toBe(1);
  expect(decide({ current: -1, proposed: 0, nowMs: 0 })).toBe(0);
  expect(decide({ current: 2, proposed: 0, position: undefined, nowMs: 0 })).toBe(0);
});

test('never at a segment boundary: hls.js would reload the segment just finished', () => {
  const { decide } = policy();
  expect(decide({ current: 0, proposed: 1, position: at(0), nowMs: 0 })).toBe(0);
  expect(decide({ current: 2, proposed: 0, position: at(0), nowMs: 0 })).toBe(2);
});

test('up switches go one part into a segment, with the playhead still before it', () => {
  const { decide } = policy();
  expect(decide({ current: 0, proposed: 1, position: at(0.6), nowMs: 0 })).toBe(0); // a reload of 0.6 s
  expect(decide({ current: 0, proposed: 1, bufferSeconds: 0.15, nowMs: 100 })).toBe(0); // playhead inside
  expect(decide({ current: 0, proposed: 1, nowMs: 200 })).toBe(1);
});

test('down in mid-segment only when cheaper than finishing the segment', () => {
  const { decide } = policy();
  expect(decide({ current: 2, proposed: 0, position: at(1.7), nowMs: 0 })).toBe(2);
  expect(decide({ current: 2, proposed: 0, position: at(0.4), nowMs: 0 })).toBe(0);
});

test('one step down per segment, unless the buffer is all but empty', () => {
  const { decide } = policy();
  expect(decide({ current: 2, proposed: 1, position: at(0.4), segmentStart: 100, nowMs: 0 })).toBe(1);
  // Reloading from the segment's start at 240p, the estimate falls further.
  expect(decide({ current: 1, proposed: 0, position: at(0.2), segmentStart: 100, nowMs: 300 })).toBe(1);
  expect(
    decide({ current: 1, proposed: 0, position: at(0.2), segmentStart: 100, bufferSeconds: 0.1, nowMs: 400 }),
  ).toBe(0);
  // The next segment: allowed again.
  const next = policy();
  next.decide({ current: 2, proposed: 1, position: at(0.4), segmentStart: 100, nowMs: 0 });
  expect(next.decide({ current: 1, proposed: 0, position: at(0.2), segmentStart: 102, nowMs: 2000 })).toBe(0);
});

test('an up switch undone soon after holds the next one back, longer each time', () => {
  const { decide } = policy();
  expect(decide({ current: 0, proposed: 1, nowMs: 0 })).toBe(1);
  expect(decide({ current: 1, proposed: 0, position: at(0.4), nowMs: 3000 })).toBe(0); // failed: 8 s
  expect(decide({ current: 0, proposed: 1, nowMs: 10_000 })).toBe(0);
  expect(decide({ current: 0, proposed: 1, nowMs: 11_100 })).toBe(1);
  expect(decide({ current: 1, proposed: 0, position: at(0.4), segmentStart: 112, nowMs: 12_000 })).toBe(0); // 16 s
  expect(decide({ current: 0, proposed: 1, nowMs: 27_000 })).toBe(0);
  expect(decide({ current: 0, proposed: 1, nowMs: 28_100 })).toBe(1);
  // This one lasts: the penalty is forgiven, a later down switch costs nothing more.
  expect(decide({ current: 1, proposed: 1, nowMs: 40_000 })).toBe(1);
  expect(decide({ current: 1, proposed: 0, position: at(0.4), segmentStart: 140, nowMs: 41_000 })).toBe(0);
  expect(decide({ current: 0, proposed: 1, nowMs: 42_000 })).toBe(1);
});

test('a down switch made elsewhere (an abandoned load) counts against the last up switch', () => {
  const { p, decide } = policy();
  expect(decide({ current: 0, proposed: 1, nowMs: 0 })).toBe(1);
  p.wentDown(102, 1000);
  expect(decide({ current: 0, proposed: 1, nowMs: 5000 })).toBe(0);
  expect(decide({ current: 0, proposed: 1, nowMs: 9100 })).toBe(1);
});
