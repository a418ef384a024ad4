import { expect, test } from 'bun:test';
import { lowLatencySettings } from './low-latency-settings.ts';

test('latency target is three parts plus a second, never under 2 s; updates every two parts, at least 0.5 s', () => {
  expect(lowLatencySettings(0.2, 2)).toEqual({
    latency: { targetMs: 2000, minMs: 600, maxMs: 6000 },
    playbackRate: { min: 0.96, max: 1.04 },
    minimumUpdatePeriod: 0.5,
    minBufferTime: 0.4,
    suggestedPresentationDelay: 2,
  });
  const half = lowLatencySettings(0.5, 2);
  expect(half.latency).toEqual({ targetMs: 2500, minMs: 1500, maxMs: 6500 });
  expect(half.minimumUpdatePeriod).toBe(1);
  expect(lowLatencySettings(1, 4).latency).toEqual({ targetMs: 4000, minMs: 3000, maxMs: 12000 });
});

test('refuses targets that are not positive', () => {
  expect(() => lowLatencySettings(0, 2)).toThrow(RangeError);
  expect(() => lowLatencySettings(0.2, Number.NaN)).toThrow(RangeError);
});
