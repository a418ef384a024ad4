/**
 * Readiness checks: each answers quickly with ok + detail. `/readyz` is 200 only
 * when every check is ok, so a load balancer stops sending work to a node that
 * cannot write state, run FFmpeg or reach Redis.
 */
export interface CheckResult {
  ok: boolean;
  detail: string;
}

export type ReadinessCheck = () => Promise<CheckResult> | CheckResult;

export async function runChecks(
  checks: Record<string, ReadinessCheck>,
  timeoutMs = 2000,
): Promise<{ ok: boolean; checks: Record<string, CheckResult> }> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
      let timer: Timer | undefined;
      const timeout = new Promise<CheckResult>((resolve) => {
        timer = setTimeout(
          () => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }),
          timeoutMs,
        );
      });
      try {
        return [name, await Promise.race([Promise.resolve().then(check), timeout])];
      } catch (error) {
        return [name, { ok: false, detail: (error as Error).message }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const results = Object.fromEntries(entries);
  return { ok: entries.every(([, r]) => r.ok), checks: results };
}

/** Caches a slow check's answer for a while (spawning ffmpeg on every probe would be wasteful). */
export function cachedCheck(
  check: ReadinessCheck,
  ttlMs: number,
  now: () => number = Date.now,
): ReadinessCheck {
  let last: { at: number; result: CheckResult } | undefined;
  return async () => {
    if (last && now() - last.at < ttlMs) return last.result;
    const result = await check();
    last = { at: now(), result };
    return result;
  };
}
