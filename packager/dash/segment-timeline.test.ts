import { expect, test } from 'bun:test';
import { timelineRuns } from './segment-timeline.ts';

const run = (start: number, duration: number, repeat = 0, explicitStart = false) => ({
  start,
  explicitStart,
  duration,
  repeat,
});

test('contiguous equal segments fold into one S with @r; only the first carries @t', () => {
  expect(
    timelineRuns([
      { start: 1000, duration: 90 },
      { start: 1090, duration: 90 },
      { start: 1180, duration: 90 },
      { start: 1270, duration: 45 },
      { start: 1315, duration: 90 },
    ]),
  ).toEqual([run(1000, 90, 2, true), run(1270, 45), run(1315, 90)]);
});

test('a gap restates @t and breaks a run even when the duration repeats', () => {
  expect(
    timelineRuns([
      { start: 0, duration: 10 },
      { start: 10, duration: 10 },
      { start: 25, duration: 10 },
      { start: 35, duration: 10 },
    ]),
  ).toEqual([run(0, 10, 1, true), run(25, 10, 1, true)]);
});

test('no segments, no runs', () => {
  expect(timelineRuns([])).toEqual([]);
});
