import { expect, test } from 'bun:test';
import { burstSamples, firstToLastByte } from './transfer-bursts.ts';

test('a chunked segment: the waits between parts are not download time', () => {
  // Three parts 200 ms apart, each arriving as two reads 20 ms apart.
  const chunks = [0, 200, 400].flatMap((t) => [
    { atMs: t, bytes: 10_000 },
    { atMs: t + 20, bytes: 10_000 },
  ]);
  expect(burstSamples(chunks, 50)).toEqual([
    { bytes: 20_000, transferMs: 20 },
    { bytes: 20_000, transferMs: 20 },
    { bytes: 20_000, transferMs: 20 },
  ]);
});

test('a saturated link has no idle gaps: one burst over the whole response', () => {
  const chunks = Array.from({ length: 10 }, (_, i) => ({ atMs: i * 30, bytes: 4000 }));
  expect(burstSamples(chunks, 50)).toEqual([{ bytes: 40_000, transferMs: 270 }]);
});

test('nothing received gives no sample; one read gives a zero-length burst', () => {
  expect(burstSamples([], 50)).toEqual([]);
  expect(burstSamples([{ atMs: 5, bytes: 900 }], 50)).toEqual([{ bytes: 900, transferMs: 0 }]);
});

test('a held request: the wait before the first byte is left out', () => {
  // Requested at 0, held by the origin until 480 ms, last byte at 500 ms.
  expect(firstToLastByte({ firstByteMs: 480, lastByteMs: 500, bytes: 30_000 })).toEqual({
    bytes: 30_000,
    transferMs: 20,
  });
});
