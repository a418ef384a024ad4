import { describe, expect, test } from 'bun:test';
import { hasExhaustedAttempts, type RestartPolicy, restartDelayMs } from './restart-backoff.ts';

const policy: RestartPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 1000,
  factor: 2,
  jitter: 0.5,
  maxAttempts: 3,
  resetAfterMs: 10_000,
};

describe('restart backoff', () => {
  test('doubles per failure and caps at maxDelayMs (no jitter at random = 0.5)', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => restartDelayMs(policy, n, () => 0.5))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  test('jitter spreads the pause by ±jitter, never above the cap', () => {
    expect(restartDelayMs(policy, 1, () => 0)).toBe(50);
    expect(restartDelayMs(policy, 1, () => 1)).toBe(150);
    expect(restartDelayMs(policy, 10, () => 1)).toBe(1000);
  });

  test('maxAttempts 0 means forever', () => {
    expect(hasExhaustedAttempts(policy, 2)).toBe(false);
    expect(hasExhaustedAttempts(policy, 3)).toBe(true);
    expect(hasExhaustedAttempts({ ...policy, maxAttempts: 0 }, 1_000_000)).toBe(false);
  });
});
