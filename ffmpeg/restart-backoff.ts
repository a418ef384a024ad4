/** How long the supervisor pauses before the next spawn: exponential, capped, jittered. */

export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Multiplier per consecutive failure (2 doubles the pause). */
  factor: number;
  /** 0..1: the pause is scaled by a random factor in [1 - jitter, 1 + jitter] so restarts do not stampede. */
  jitter: number;
  /** Consecutive failed runs before giving up; 0 = retry forever. */
  maxAttempts: number;
  /** A run that lasted this long counts as healthy and resets the backoff. */
  resetAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  factor: 2,
  jitter: 0.2,
  maxAttempts: 0,
  resetAfterMs: 30_000,
};

/**
 * Pause before restart number `failures` (1 = after the first failure).
 * `random` is injectable so tests get exact numbers.
 */
export function restartDelayMs(
  policy: RestartPolicy,
  failures: number,
  random: () => number = Math.random,
): number {
  const exponential = policy.initialDelayMs * policy.factor ** Math.max(0, failures - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const spread = 1 + policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(Math.min(policy.maxDelayMs, capped * spread)));
}

export function hasExhaustedAttempts(policy: RestartPolicy, failures: number): boolean {
  return policy.maxAttempts > 0 && failures >= policy.maxAttempts;
}
