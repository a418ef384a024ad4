import { expect, test } from 'bun:test';
import { ceilingFor, gridValues, niceCeiling, polylinePoints, TimeSeries } from './chart-scale.ts';

test('nice ceilings land on 1, 2, 2.5, 5 times a power of ten', () => {
  expect([0, -3, Number.NaN, 0.7, 1, 1.2, 2.2, 4, 7, 10, 870, 2400, 5001].map(niceCeiling)).toEqual([
    1, 1, 1, 1, 1, 2, 2.5, 5, 10, 10, 1000, 2500, 10_000,
  ]);
  expect(gridValues(2500)).toEqual([0, 625, 1250, 1875, 2500]);
});

test('the ceiling looks only at samples inside the window', () => {
  const area = { windowMs: 10_000, now: 100_000 };
  expect(
    ceilingFor(
      [
        [
          { t: 80_000, v: 9000 },
          { t: 95_000, v: 800 },
        ],
        [{ t: 99_000, v: 1200 }],
      ],
      area,
    ),
  ).toBe(2000);
  expect(ceilingFor([], area)).toBe(1);
});

test('points run left to right over the window and clamp to the plot', () => {
  const area = { width: 100, height: 50, windowMs: 10_000, now: 20_000 };
  const points = polylinePoints(
    [
      { t: 5000, v: 1 }, // before the window: dropped
      { t: 10_000, v: 0 },
      { t: 15_000, v: 500 },
      { t: 20_000, v: 5000 }, // above the ceiling: clamped to the top
    ],
    1000,
    area,
  );
  expect(points).toBe('0,50 50,25 100,0');
});

test('a time series forgets old samples and ignores non-numbers', () => {
  const series = new TimeSeries({ maxAgeMs: 1000, maxSamples: 3 });
  series.push(0, 1);
  series.push(500, Number.NaN);
  series.push(600, 2);
  series.push(1500, 3);
  expect(series.values().map((s) => s.v)).toEqual([2, 3]);
  for (const t of [1600, 1700, 1800]) series.push(t, t);
  expect(series.values().map((s) => s.t)).toEqual([1600, 1700, 1800]);
  expect(series.last()).toEqual({ t: 1800, v: 1800 });
});
