/** One measured transfer: bytes that moved while the network, not the server, was the limit. */
export interface TransferSample {
  bytes: number;
  /** First byte to last byte (or the busy time of a chunked response), milliseconds. */
  transferMs: number;
}

export interface ThroughputEstimatorOptions {
  /** Half-life of the fast average, in seconds of transfer time. */
  fastHalfLifeSeconds?: number;
  /** Half-life of the slow average, in seconds of transfer time. */
  slowHalfLifeSeconds?: number;
  /** Bits per second assumed before any sample. */
  defaultBitsPerSecond?: number;
  /**
   * A transfer shorter than this is timed as this long: a part that arrives in one read
   * (a few ms on a fast link) says "fast", not "infinitely fast".
   */
  minTransferMs?: number;
  /** Samples smaller than this carry no useful timing and are ignored. */
  minBytes?: number;
}

/**
 * Dual exponentially weighted average of throughput, weighted by transfer time (the
 * longer a transfer, the more it says about the link), with the start-up bias of an
 * average that began at zero removed. The estimate is the lower of the fast and slow
 * averages: quick to fall when the network dips, slow to trust a recovery.
 */
export class ThroughputEstimator {
  private readonly fast: WeightedAverage;
  private readonly slow: WeightedAverage;
  private defaultBitsPerSecond: number;
  private readonly minTransferMs: number;
  private readonly minBytes: number;
  private sampleCount = 0;

  constructor(options: ThroughputEstimatorOptions = {}) {
    this.fast = new WeightedAverage(options.fastHalfLifeSeconds ?? 0.5);
    this.slow = new WeightedAverage(options.slowHalfLifeSeconds ?? 3);
    this.defaultBitsPerSecond = options.defaultBitsPerSecond ?? 1_000_000;
    this.minTransferMs = options.minTransferMs ?? 4;
    this.minBytes = options.minBytes ?? 1024;
  }

  /** Takes a sample; invalid ones (NaN, negative, too small) are dropped, not thrown. */
  add(sample: TransferSample): void {
    const { bytes, transferMs } = sample;
    if (!Number.isFinite(bytes) || !Number.isFinite(transferMs) || transferMs < 0 || bytes < this.minBytes)
      return;
    const seconds = Math.max(transferMs, this.minTransferMs) / 1000;
    const bitsPerSecond = (bytes * 8) / seconds;
    this.fast.add(seconds, bitsPerSecond);
    this.slow.add(seconds, bitsPerSecond);
    this.sampleCount++;
  }

  get samples(): number {
    return this.sampleCount;
  }

  /** Bits per second. */
  estimate(): number {
    if (this.sampleCount === 0) return this.defaultBitsPerSecond;
    return Math.min(this.fast.value(), this.slow.value());
  }

  /**
   * A load measured the link far below the estimate (a collapse, or a load abandoned for it):
   * believe that at once instead of averaging it in. Only the fast average drops (the estimate
   * is the lower of the two); the slow one keeps the link's history, so a recovery is trusted
   * no later than after any dip.
   */
  capAt(bitsPerSecond: number): void {
    if (!(bitsPerSecond > 0) || !Number.isFinite(bitsPerSecond)) return;
    if (this.sampleCount === 0)
      this.defaultBitsPerSecond = Math.min(this.defaultBitsPerSecond, bitsPerSecond);
    this.fast.cap(bitsPerSecond);
  }

  reset(defaultBitsPerSecond?: number): void {
    if (defaultBitsPerSecond && defaultBitsPerSecond > 0) this.defaultBitsPerSecond = defaultBitsPerSecond;
    this.fast.clear();
    this.slow.clear();
    this.sampleCount = 0;
  }
}

/** EWMA whose decay is per second of weight; `value()` corrects the bias toward the zero start. */
class WeightedAverage {
  private readonly alpha: number;
  private estimate = 0;
  private totalWeight = 0;

  constructor(halfLifeSeconds: number) {
    this.alpha = halfLifeSeconds > 0 ? Math.exp(Math.log(0.5) / halfLifeSeconds) : 0;
  }

  add(weight: number, value: number): void {
    const adjusted = this.alpha ** weight;
    this.estimate = value * (1 - adjusted) + adjusted * this.estimate;
    this.totalWeight += weight;
  }

  value(): number {
    const zeroFactor = 1 - this.alpha ** this.totalWeight;
    return zeroFactor > 0 ? this.estimate / zeroFactor : this.estimate;
  }

  /** Lowers the value to `ceiling` if it is above (the bias correction included). */
  cap(ceiling: number): void {
    if (this.totalWeight === 0 || this.value() <= ceiling) return;
    this.estimate = ceiling * (1 - this.alpha ** this.totalWeight);
  }

  clear(): void {
    this.estimate = 0;
    this.totalWeight = 0;
  }
}
