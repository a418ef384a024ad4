import { expect, test } from 'bun:test';
import { formatFrameRate, frameRateFraction } from './frame-rate.ts';

test('measured frame rates become the fraction the encoder meant', () => {
  const cases: [number, string][] = [
    [30, '30'],
    [25, '25'],
    [60, '60'],
    [30000 / 1001, '30000/1001'],
    [24000 / 1001, '24000/1001'],
    [60000 / 1001, '60000/1001'],
    [1 / (1001 / 30000), '30000/1001'], // LivePackager's 1 / frame duration
    [29.97, '30000/1001'], // rounded NTSC, as people and some muxers write it
    [29.5, '59/2'],
    [12.5, '25/2'],
    [15.0000001, '15'],
  ];
  for (const [fps, text] of cases) expect(formatFrameRate(frameRateFraction(fps))).toBe(text);
});

test('nonsense frame rates are refused', () => {
  for (const bad of [0, -30, Number.NaN, Number.POSITIVE_INFINITY])
    expect(() => frameRateFraction(bad)).toThrow(RangeError);
  expect(() => formatFrameRate({ numerator: 30, denominator: 0 })).toThrow(RangeError);
  expect(() => formatFrameRate({ numerator: 29.97, denominator: 1 })).toThrow(RangeError);
});
