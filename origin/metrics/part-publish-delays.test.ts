import { expect, test } from 'bun:test';
import { PartPublishDelays } from './part-publish-delays.ts';

test('the median covers the last window of parts, per stream', () => {
  let now = 50_000;
  const delays = new PartPublishDelays({ windowMs: 10_000, now: () => now });
  expect(delays.median('a')).toBeNull();
  for (const ms of [5, 1, 3]) delays.observe('a', ms);
  delays.observe('b', 100);
  expect(delays.median('a')).toBe(3);
  expect(delays.median('b')).toBe(100);
  delays.observe('a', 7);
  expect(delays.median('a')).toBe(4); // even count: the mean of the middle two
  now += 10_001;
  delays.observe('a', 0.5);
  expect(delays.median('a')).toBe(0.5); // the older ones left the window
  now += 10_001;
  expect(delays.median('a')).toBeNull();
  expect(delays.median('b')).toBeNull();
});

test('a busy stream keeps only its newest samples (bounded memory)', () => {
  const delays = new PartPublishDelays({ now: () => 1 });
  for (let i = 0; i < 5000; i++) delays.observe('a', i < 4000 ? 1000 : 2);
  expect(delays.median('a')).toBe(2);
});
