import { expect, test } from 'bun:test';
import { switchDownNowIsCheaper } from './switch-cost.ts';

// 360p with audio ~1.44 Mbps, 144p ~0.38 Mbps, 2 s segments.
const top = 1_440_000;
const bottom = 380_000;
const at = (offsetSeconds: number) => ({ offsetSeconds, remainingSeconds: 2 - offsetSeconds });

test('early in a segment, reloading it at the bottom rung beats finishing it at the top', () => {
  expect(switchDownNowIsCheaper({ currentBitrate: top, lowerBitrate: bottom, position: at(0.4) })).toBe(true);
  expect(switchDownNowIsCheaper({ currentBitrate: top, lowerBitrate: bottom, position: at(1.4) })).toBe(true);
});

test('near its end, finishing the segment is cheaper: switch at the boundary', () => {
  expect(switchDownNowIsCheaper({ currentBitrate: top, lowerBitrate: bottom, position: at(1.6) })).toBe(
    false,
  );
  // One rung down (0.75 Mbps) pays off for less of the segment.
  expect(switchDownNowIsCheaper({ currentBitrate: top, lowerBitrate: 750_000, position: at(0.8) })).toBe(
    true,
  );
  expect(switchDownNowIsCheaper({ currentBitrate: top, lowerBitrate: 750_000, position: at(1.2) })).toBe(
    false,
  );
});

test('at a boundary a down switch is always cheaper', () => {
  expect(switchDownNowIsCheaper({ currentBitrate: 800_000, lowerBitrate: 750_000, position: at(0) })).toBe(
    true,
  );
});

test('the rest of a load in flight counts for staying', () => {
  const position = at(1.6); // the part in flight ends 0.4 s before the segment's end
  expect(switchDownNowIsCheaper({ currentBitrate: top, lowerBitrate: bottom, position })).toBe(false);
  expect(
    switchDownNowIsCheaper({
      currentBitrate: top,
      lowerBitrate: bottom,
      position,
      inFlightRemainingBytes: 30_000,
    }),
  ).toBe(true);
});
