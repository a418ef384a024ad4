import { expect, test } from 'bun:test';
import { ThroughputEstimator } from './throughput-estimator.ts';

const mbps = (n: number) => n * 1_000_000;
// 100 ms transfers of `rate` bits per second.
const transferAt = (rate: number) => ({ bytes: (rate / 8) * 0.1, transferMs: 100 });

test('before any sample the default is the estimate', () => {
  expect(new ThroughputEstimator({ defaultBitsPerSecond: 777 }).estimate()).toBe(777);
});

test('a steady link converges to its rate from the first sample (no zero-start bias)', () => {
  const estimator = new ThroughputEstimator();
  estimator.add(transferAt(mbps(4)));
  expect(estimator.estimate()).toBeCloseTo(mbps(4), -3);
  for (let i = 0; i < 20; i++) estimator.add(transferAt(mbps(4)));
  expect(estimator.estimate()).toBeCloseTo(mbps(4), -3);
});

test('a dip is believed quickly, a recovery slowly (min of fast and slow averages)', () => {
  // The same 100 kB part: 100 ms at 8 Mbps, 800 ms at 1 Mbps.
  const part = (rate: number) => ({ bytes: 100_000, transferMs: (800_000 / rate) * 1000 });
  const estimator = new ThroughputEstimator();
  for (let i = 0; i < 30; i++) estimator.add(part(mbps(8)));
  estimator.add(part(mbps(1)));
  expect(estimator.estimate()).toBeLessThan(mbps(4));
  for (let i = 0; i < 4; i++) estimator.add(part(mbps(1)));
  expect(estimator.estimate()).toBeLessThan(mbps(1.5));
  for (let i = 0; i < 5; i++) estimator.add(part(mbps(8)));
  // Half a second of good transfers does not undo the dip yet.
  expect(estimator.estimate()).toBeLessThan(mbps(4));
});

test('a part that arrived in one read counts as fast, never infinite', () => {
  const estimator = new ThroughputEstimator({ minTransferMs: 4 });
  estimator.add({ bytes: 25_000, transferMs: 0 });
  expect(estimator.estimate()).toBe((25_000 * 8) / 0.004);
  expect(Number.isFinite(estimator.estimate())).toBe(true);
});

test('short transfers weigh little against long ones', () => {
  const estimator = new ThroughputEstimator();
  for (let i = 0; i < 10; i++) estimator.add({ bytes: 250_000, transferMs: 1000 }); // 2 Mbps for 10 s
  estimator.add({ bytes: 5000, transferMs: 1 }); // a 40 Mbps blip of 4 ms
  expect(estimator.estimate()).toBeLessThan(mbps(2.5));
});

test('invalid and tiny samples are ignored, reset forgets', () => {
  const estimator = new ThroughputEstimator({ defaultBitsPerSecond: 500 });
  estimator.add({ bytes: Number.NaN, transferMs: 10 });
  estimator.add({ bytes: 10_000, transferMs: -1 });
  estimator.add({ bytes: 100, transferMs: 10 });
  expect(estimator.samples).toBe(0);
  estimator.add(transferAt(mbps(3)));
  expect(estimator.samples).toBe(1);
  estimator.reset(mbps(2));
  expect(estimator.estimate()).toBe(mbps(2));
});

test('capAt: an abandoned load believed at once, a recovery still averaged in slowly', () => {
  const estimator = new ThroughputEstimator();
  for (let i = 0; i < 20; i++) estimator.add(transferAt(mbps(6)));
  estimator.capAt(mbps(0.6));
  expect(estimator.estimate()).toBeCloseTo(mbps(0.6), -3);
  // Never raises it, and nonsense is ignored.
  estimator.capAt(mbps(5));
  estimator.capAt(Number.NaN);
  estimator.capAt(-1);
  expect(estimator.estimate()).toBeCloseTo(mbps(0.6), -3);
  for (let i = 0; i < 3; i++) estimator.add(transferAt(mbps(6)));
  expect(estimator.estimate()).toBeLessThan(mbps(3));
  // Before any sample it lowers the default.
  const fresh = new ThroughputEstimator({ defaultBitsPerSecond: mbps(1) });
  fresh.capAt(mbps(0.3));
  expect(fresh.estimate()).toBe(mbps(0.3));
});
