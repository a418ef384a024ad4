import { expect, test } from 'bun:test';
import { lowLatencySettings } from './low-latency-settings.ts';

test('latency target is five parts, never under 1 s; updates every two parts, at least 0.5 s', () => {
  expect(lowLatencySettings(0.2, 2)).toEqual({
    latency: { targetMs: 1000, minMs: 600, maxMs: 5000 },
    playbackRate: { min: 0.96, max: 1.04 },
    minimumUpdatePeriod: 0.5,
    minBufferTime: 0.4,
    suggestedPresentationDelay: 1,
  });
  const half = lowLatencySettings(0.5, 2);
  expect(half.latency).toEqual({ targetMs: 2500, minMs: 1500, maxMs: 6500 });
  expect(half.minimumUpdatePeriod).toBe(1);
  expect(lowLatencySettings(1, 4).latency).toEqual({ targetMs: 5000, minMs: 3000, maxMs: 13000 });
  // Short parts: never under a second.
  expect(lowLatencySettings(0.1, 1).latency.targetMs).toBe(1000);
});

test('refuses targets that are not positive', () => {
  expect(() => lowLatencySettings(0, 2)).toThrow(RangeError);
  expect(() => lowLatencySettings(0.2, Number.NaN)).toThrow(RangeError);
});
