import { describe, expect, test } from 'bun:test';
import { dividedFrameRate, frameRateArg, frameRateFraction, frameRateValue } from './frame-rate.ts';

describe('frame rates as exact fractions', () => {
  const cases: [number, string][] = [
    [30, '30'],
    [25, '25'],
    [29.97, '30000/1001'],
    [29.97002997, '30000/1001'],
    [59.94, '60000/1001'],
    [23.976, '24000/1001'],
    [12.5, '25/2'],
  ];
  for (const [rate, arg] of cases)
    test(`${rate} -> ${arg}`, () => {
      const fraction = frameRateFraction(rate);
      expect(frameRateArg(fraction)).toBe(arg);
      expect(frameRateValue(fraction)).toBeCloseTo(rate, 2);
    });

  test('dividing keeps the fraction exact and reduced', () => {
    expect(frameRateArg(dividedFrameRate(frameRateFraction(59.94), 2))).toBe('30000/1001');
    expect(frameRateArg(dividedFrameRate(frameRateFraction(50), 2))).toBe('25');
    expect(frameRateArg(dividedFrameRate(frameRateFraction(25), 2))).toBe('25/2');
  });

  test('non-positive or non-finite rates are refused', () => {
    for (const bad of [0, -30, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => frameRateFraction(bad)).toThrow(/positive number/);
  });
});
