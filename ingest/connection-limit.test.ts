import { expect, test } from 'bun:test';
import { ConnectionLimit } from './connection-limit.ts';

test('refuses the connection past the per-IP cap and counts it; other addresses are unaffected', () => {
  const limit = new ConnectionLimit({ perIp: 2 });
  const a = limit.tryAcquire('10.0.0.1');
  const b = limit.tryAcquire('10.0.0.1');
  expect(a && b).toBeDefined();
  expect(limit.tryAcquire('10.0.0.1')).toBeUndefined();
  expect(limit.refused).toBe(1);
  expect(limit.tryAcquire('10.0.0.2')).toBeDefined();
  a?.();
  a?.(); // releasing twice frees one slot only
  expect(limit.openFrom('10.0.0.1')).toBe(1);
  expect(limit.tryAcquire('10.0.0.1')).toBeDefined();
  expect(limit.tryAcquire('10.0.0.1')).toBeUndefined();
});
