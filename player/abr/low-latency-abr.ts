export interface LowLatencyAbrOptions {
  /** Buffer (seconds) the controller steers toward: near the live edge there is little to keep. */
  targetBufferSeconds: number;
  /** Below this buffer, drop to the lowest rendition at once. */
  panicBufferSeconds?: number;
  /** Share of the throughput a rendition may use when the buffer is on target. */
  safety?: number;
  /** Proportional and integral gains on the relative buffer error. */
  kp?: number;
  ki?: number;
  /** Time between two switches up (down switches are never held back). */
  upSwitchHoldMs?: number;
  /**
   * The next rung up must fit this many times into the spendable throughput (1: just fit).
   * Above 1 leaves a band where neither up nor down is taken, so an estimate wavering around a
   * rung's bitrate does not switch back and forth.
   */
  upSwitchMargin?: number;
}

export interface AbrDecisionInput {
  /** Bits per second of each rendition, by the player's index. */
  bitrates: readonly number[];
  /** The rendition being loaded now (-1: none yet). */
  current: number;
  /** Forward buffer, seconds. */
  bufferSeconds: number;
  /** Throughput estimate, bits per second. */
  throughput: number;
  nowMs: number;
  /** Highest index allowed (player capping); default the last. */
  maxIndex?: number;
  /** Lowest index allowed; default 0. */
  minIndex?: number;
}

/**
 * The rendition choice, shared by the hls.js controller and the dash.js rule. A PI
 * controller on the buffer scales how much of the measured throughput may be spent: a
 * buffer below target spends less (fill it up), above target a little more, never more
 * than the throughput. Near the live edge the buffer can only be as long as the latency,
 * so it is steered to a small target rather than grown (BOLA-like rules that want
 * many seconds of buffer would sit at the lowest rung). Going up is one rung at a time,
 * after a hold and with the buffer on target; going down is immediate; an almost empty
 * buffer goes to the bottom.
 */
export class LowLatencyAbr {
  private readonly target: number;
  private readonly panic: number;
  private readonly safety: number;
  private readonly kp: number;
  private readonly ki: number;
  private readonly upHoldMs: number;
  private readonly upMargin: number;
  private integral = 0;
  private lastAtMs: number | undefined;
  private lastSwitchAtMs = Number.NEGATIVE_INFINITY;
  private lastCurrent = -1;

  constructor(options: LowLatencyAbrOptions) {
    if (!(options.targetBufferSeconds > 0)) throw new RangeError('targetBufferSeconds must be > 0');
    this.target = options.targetBufferSeconds;
    this.panic = options.panicBufferSeconds ?? Math.min(0.25, options.targetBufferSeconds / 3);
    this.safety = options.safety ?? 0.8;
    this.kp = options.kp ?? 0.4;
    this.ki = options.ki ?? 0.1;
    this.upHoldMs = options.upSwitchHoldMs ?? 4000;
    this.upMargin = Math.max(1, options.upSwitchMargin ?? 1);
  }

  /** Share of the throughput to spend at this buffer level (also shown in the stats overlay). */
  spendFactor(bufferSeconds: number, nowMs: number): number {
    const error = clamp((bufferSeconds - this.target) / this.target, -1, 1);
    const dt = this.lastAtMs === undefined ? 0 : clamp((nowMs - this.lastAtMs) / 1000, 0, 2);
    this.lastAtMs = nowMs;
    // Anti-windup: the integral is bounded, so a long stall does not pin the choice low for minutes.
    this.integral = clamp(this.integral + error * dt, -2, 2);
    // Never more than 85 %: near the edge even a "full" buffer is a second or two, and the
    // next rung's real size is only known once it is fetched.
    return clamp(this.safety * (1 + this.kp * error + this.ki * this.integral), 0.3, 0.85);
  }

  choose(input: AbrDecisionInput): number {
    const { bitrates, bufferSeconds, nowMs } = input;
    if (bitrates.length === 0) return -1;
    const minIndex = clamp(input.minIndex ?? 0, 0, bitrates.length - 1);
    const maxIndex = clamp(input.maxIndex ?? bitrates.length - 1, minIndex, bitrates.length - 1);
    const allowed = [...bitrates.keys()].filter((i) => i >= minIndex && i <= maxIndex);
    const byRate = allowed.sort((a, b) => (bitrates[a] ?? 0) - (bitrates[b] ?? 0));
    const lowest = byRate[0] ?? minIndex;
    const budget = Math.max(0, input.throughput) * this.spendFactor(bufferSeconds, nowMs);
    let candidate = lowest;
    for (const i of byRate) if ((bitrates[i] ?? Infinity) <= budget) candidate = i;

    const current = input.current >= 0 && input.current < bitrates.length ? input.current : -1;
    // The hold counts from when the player's rendition changed, not from when this controller
    // last proposed a change: a player may wait (for a segment boundary) before following it.
    if (current !== -1 && current !== this.lastCurrent) {
      if (this.lastCurrent !== -1) this.lastSwitchAtMs = nowMs;
      this.lastCurrent = current;
    }
    let choice = candidate;
    if (current === -1 || bufferSeconds < this.panic) {
      choice = current === -1 ? candidate : lowest;
    } else if ((bitrates[candidate] ?? 0) > (bitrates[current] ?? 0)) {
      const settled = nowMs - this.lastSwitchAtMs >= this.upHoldMs && bufferSeconds >= this.target;
      // One rung up at a time: the next rung's real throughput is unknown until it is fetched.
      const next = byRate[byRate.indexOf(current) + 1] ?? current;
      const fits = (bitrates[next] ?? Infinity) * this.upMargin <= budget;
      choice = settled && fits ? next : current;
    }
    return choice;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
