import { expect, test } from 'bun:test';
import { shouldAbandon } from './abandon-check.ts';

const part = { totalBytes: 30_000, mediaSeconds: 0.2 };

test('a part arriving too slowly for the buffer is abandoned', () => {
  // 10 kB in 200 ms: 20 kB more need 400 ms, the buffer lasts 300 ms.
  expect(shouldAbandon({ ...part, loadedBytes: 10_000, msSinceFirstByte: 200, bufferSeconds: 0.3 })).toBe(
    true,
  );
  // The same with a second of buffer: it finishes in time.
  expect(shouldAbandon({ ...part, loadedBytes: 10_000, msSinceFirstByte: 200, bufferSeconds: 1 })).toBe(
    false,
  );
});

test('a request held by the origin (no byte yet) is never abandoned', () => {
  expect(shouldAbandon({ ...part, loadedBytes: 0, msSinceFirstByte: undefined, bufferSeconds: 0 })).toBe(
    false,
  );
});

test('too early to judge, unknown size, or done: keep it', () => {
  expect(shouldAbandon({ ...part, loadedBytes: 100, msSinceFirstByte: 20, bufferSeconds: 0 })).toBe(false);
  expect(
    shouldAbandon({ ...part, totalBytes: 0, loadedBytes: 100, msSinceFirstByte: 500, bufferSeconds: 0 }),
  ).toBe(false);
  expect(shouldAbandon({ ...part, loadedBytes: 30_000, msSinceFirstByte: 500, bufferSeconds: 0 })).toBe(
    false,
  );
});

test('bytes stopped flowing: abandoned', () => {
  expect(shouldAbandon({ ...part, loadedBytes: 0, msSinceFirstByte: 300, bufferSeconds: 0.5 })).toBe(true);
});
