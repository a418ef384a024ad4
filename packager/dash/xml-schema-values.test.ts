import { expect, test } from 'bun:test';
import { xsDateTime, xsDecimal, xsDuration, xsUnsigned } from './xml-schema-values.ts';

test('xs:duration: seconds to the millisecond', () => {
  expect(xsDuration(2)).toBe('PT2.000S');
  expect(xsDuration(0)).toBe('PT0.000S');
  expect(xsDuration(0.2002)).toBe('PT0.200S');
  expect(xsDuration(1.0005)).toBe('PT1.001S');
  expect(xsDuration(86_400.25)).toBe('PT86400.250S');
  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY])
    expect(() => xsDuration(bad)).toThrow(RangeError);
});

test('xs:dateTime: ISO 8601 in UTC with milliseconds', () => {
  expect(xsDateTime(new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)))).toBe('2025-01-02T03:04:05.006Z');
  expect(() => xsDateTime(new Date(Number.NaN))).toThrow(RangeError);
});

test('unsigned integers and decimals', () => {
  expect(xsUnsigned(0)).toBe('0');
  expect(xsUnsigned(2 ** 40)).toBe('1099511627776');
  for (const bad of [-1, 1.5, Number.NaN, 2 ** 60]) expect(() => xsUnsigned(bad)).toThrow(RangeError);
  expect(xsDecimal(1.8)).toBe('1.8');
  expect(xsDecimal(2)).toBe('2');
  expect(xsDecimal(0.96)).toBe('0.96');
  expect(xsDecimal(1.0004)).toBe('1');
  expect(xsDecimal(1e-7, 3)).toBe('0');
  expect(() => xsDecimal(Number.NaN)).toThrow(RangeError);
});
