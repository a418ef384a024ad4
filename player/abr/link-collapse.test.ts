import { expect, test } from 'bun:test';
import { collapsedRate } from './link-collapse.ts';

test('a 0.2 s part that took 430 ms at a tenth of the estimate: believed', () => {
  expect(collapsedRate({ bytes: 32_000, transferMs: 430 }, 0.2, 6_000_000)).toBeCloseTo(595_349, -1);
});

test('a slow part that still arrived within its duration is a hiccup, not a collapse', () => {
  expect(collapsedRate({ bytes: 32_000, transferMs: 150 }, 0.2, 6_000_000)).toBeUndefined();
});

test('longer than its media, but not far below the estimate: left to the averages', () => {
  expect(collapsedRate({ bytes: 32_000, transferMs: 250 }, 0.2, 1_500_000)).toBeUndefined();
});

test('nonsense is no evidence', () => {
  expect(collapsedRate({ bytes: 0, transferMs: 500 }, 0.2, 1e6)).toBeUndefined();
  expect(collapsedRate({ bytes: 1000, transferMs: 0 }, 0.2, 1e6)).toBeUndefined();
  expect(collapsedRate({ bytes: 1000, transferMs: 500 }, Number.NaN, 1e6)).toBeUndefined();
});
