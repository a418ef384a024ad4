import { expect, test } from 'bun:test';
import { attributeList, decimalFloat, decimalInteger, quotedString } from './attribute-list.ts';

test('decimal-floating-point: up to five decimals, never an exponent', () => {
  expect(decimalFloat(2)).toBe('2');
  expect(decimalFloat(0.5)).toBe('0.5');
  expect(decimalFloat(1 / 3)).toBe('0.33333');
  expect(decimalFloat(0.0000001)).toBe('0');
  expect(decimalFloat(1e-5)).toBe('0.00001');
  expect(decimalFloat(123456789.123456)).toBe('123456789.12346');
  expect(decimalFloat(1e20)).toBe('100000000000000000000');
  expect(() => decimalFloat(-1)).toThrow(RangeError);
  expect(() => decimalFloat(Number.NaN)).toThrow(RangeError);
});

test('decimal-integer refuses fractions and negatives', () => {
  expect(decimalInteger(0)).toBe('0');
  expect(() => decimalInteger(1.5)).toThrow(RangeError);
  expect(() => decimalInteger(-1)).toThrow(RangeError);
});

test('quoted-string refuses the three forbidden characters', () => {
  expect(quotedString('a b')).toBe('"a b"');
  for (const bad of ['"', '\n', '\r']) expect(() => quotedString(`x${bad}`)).toThrow(RangeError);
});

test('attribute lists skip absent values and keep order', () => {
  expect(
    attributeList([
      ['A', '1'],
      ['B', undefined],
      ['C', '"x"'],
    ]),
  ).toBe('A=1,C="x"');
});
