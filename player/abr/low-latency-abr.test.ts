import { expect, test } from 'bun:test';
import { LowLatencyAbr } from './low-latency-abr.ts';

const ladder = [400_000, 1_200_000, 2_800_000]; // 360p, 480p, 720p
const kbps = (n: number) => n * 1000;

test('the first choice is the best rendition the throughput carries, with a margin', () => {
  const abr = new LowLatencyAbr({ targetBufferSeconds: 1 });
  const first = (throughput: number) =>
    new LowLatencyAbr({ targetBufferSeconds: 1 }).choose({
      bitrates: ladder,
      current: -1,
      bufferSeconds: 1,
      throughput,
      nowMs: 0,
    });
  expect(first(kbps(5000))).toBe(2);
  expect(first(kbps(3000))).toBe(1); // 2.8 Mbps does not fit in 80 % of 3 Mbps
  expect(first(kbps(1000))).toBe(0);
  expect(first(kbps(100))).toBe(0); // nothing fits: the lowest
  expect(abr.choose({ bitrates: [], current: -1, bufferSeconds: 0, throughput: 1, nowMs: 0 })).toBe(-1);
});

test('down switches are immediate; an empty buffer goes to the bottom', () => {
  const abr = new LowLatencyAbr({ targetBufferSeconds: 1 });
  expect(
    abr.choose({ bitrates: ladder, current: 2, bufferSeconds: 1, throughput: kbps(2000), nowMs: 0 }),
  ).toBe(1);
  expect(
    abr.choose({ bitrates: ladder, current: 2, bufferSeconds: 0.1, throughput: kbps(10_000), nowMs: 100 }),
  ).toBe(0);
});

test('up switches wait for the hold, go one rung at a time, and not while the buffer is low', () => {
  const abr = new LowLatencyAbr({ targetBufferSeconds: 1, upSwitchHoldMs: 4000 });
  const step = (current: number, nowMs: number, bufferSeconds = 1) =>
    abr.choose({ bitrates: ladder, current, bufferSeconds, throughput: kbps(20_000), nowMs });
  expect(step(0, 0)).toBe(1); // first decision after start: settled (no earlier switch)
  expect(step(1, 1000)).toBe(1); // held
  expect(step(1, 5000, 0.8)).toBe(1); // buffer under the target: no up switch
  expect(step(1, 5100)).toBe(2);
});

test('a low buffer spends less of the throughput, a full one a little more', () => {
  const abr = new LowLatencyAbr({ targetBufferSeconds: 1, safety: 0.8 });
  const low = abr.spendFactor(0.4, 0);
  const onTarget = new LowLatencyAbr({ targetBufferSeconds: 1, safety: 0.8 }).spendFactor(1, 0);
  const high = new LowLatencyAbr({ targetBufferSeconds: 1, safety: 0.8 }).spendFactor(2, 0);
  expect(low).toBeLessThan(onTarget);
  expect(onTarget).toBeCloseTo(0.8);
  expect(high).toBeGreaterThan(onTarget);
  expect(high).toBeLessThanOrEqual(0.85);
});

test('a buffer below target for a while lowers the choice further (integral term), within bounds', () => {
  const abr = new LowLatencyAbr({ targetBufferSeconds: 1, safety: 0.8 });
  const first = abr.spendFactor(0.6, 0);
  let later = first;
  for (let t = 1000; t <= 20_000; t += 1000) later = abr.spendFactor(0.6, t);
  expect(later).toBeLessThan(first);
  expect(later).toBeGreaterThanOrEqual(0.3);
});

test('capping: the choice stays within min and max index', () => {
  const abr = new LowLatencyAbr({ targetBufferSeconds: 1 });
  expect(
    abr.choose({
      bitrates: ladder,
      current: -1,
      bufferSeconds: 1,
      throughput: kbps(50_000),
      nowMs: 0,
      maxIndex: 1,
    }),
  ).toBe(1);
  expect(() => new LowLatencyAbr({ targetBufferSeconds: 0 })).toThrow(RangeError);
});

test('the up hold counts from when the player changed rendition, not from a proposal it did not follow', () => {
  const abr = new LowLatencyAbr({ targetBufferSeconds: 1, upSwitchHoldMs: 4000 });
  const step = (current: number, nowMs: number) =>
    abr.choose({ bitrates: ladder, current, bufferSeconds: 1, throughput: kbps(20_000), nowMs });
  expect(step(1, 0)).toBe(2); // proposed; the player keeps loading 1 (waits for a boundary)
  expect(step(1, 300)).toBe(2); // still proposed: not held back by its own proposal
  expect(step(2, 600)).toBe(2); // followed
  // Down and straight back up: held 4 s from the player's down switch.
  abr.choose({ bitrates: ladder, current: 2, bufferSeconds: 1, throughput: kbps(1000), nowMs: 700 });
  expect(step(0, 800)).toBe(0);
  expect(step(0, 4700)).toBe(0);
  expect(step(0, 4900)).toBe(1);
});

test('an up-switch margin leaves a band where the rendition stays (no back and forth)', () => {
  const abr = new LowLatencyAbr({ targetBufferSeconds: 1, upSwitchHoldMs: 0, upSwitchMargin: 1.25 });
  const step = (current: number, throughput: number, nowMs: number) =>
    abr.choose({ bitrates: ladder, current, bufferSeconds: 1, throughput, nowMs });
  // 1.2 Mbps spends 0.96: 480p would fit without the margin, not with it.
  expect(step(0, kbps(1600), 0)).toBe(0);
  expect(step(0, kbps(2000), 100)).toBe(1); // 1.6 Mbps spendable >= 1.25 x 1.2
  // Once there it stays while it fits without the margin.
  expect(step(1, kbps(1600), 200)).toBe(1);
  expect(step(1, kbps(1400), 300)).toBe(0);
});
