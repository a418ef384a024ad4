import { expect, test } from 'bun:test';
import { maskedPath, streamKeyFromPath } from './stream-key-path.ts';

test('the key is the one segment after the prefix', () => {
  expect(streamKeyFromPath('live/sk_abc-DEF_1.~', 'live')).toBe('sk_abc-DEF_1.~');
  for (const path of [
    'live',
    'live/',
    'live/a/b',
    'lived/abc',
    'abc',
    'live/a b',
    'live/ä',
    `live/${'k'.repeat(257)}`,
  ])
    expect(streamKeyFromPath(path, 'live')).toBeUndefined();
  expect(streamKeyFromPath('a/b/key', 'a/b')).toBe('key');
});

test('logs see the key masked, and a path off the convention masked whole', () => {
  expect(maskedPath('live/sk_abcdefghijkl', 'live')).toBe('live/sk_a****kl');
  expect(maskedPath('sk_abcdefghijkl', 'live')).toBe('sk_a****kl');
});
