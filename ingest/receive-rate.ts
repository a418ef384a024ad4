/**
 * Bytes per second over a sliding window of one-second buckets: a publisher's current
 * rate, not its average since connecting (a stalled encoder shows as a drop at once).
 */
export class ReceiveRate {
  readonly #buckets: number[];
  #bucketStart = 0;
  #index = 0;

  constructor(readonly windowSeconds = 3) {
    this.#buckets = new Array(windowSeconds + 1).fill(0);
  }

  add(bytes: number, nowMs: number): void {
    this.#advance(nowMs);
    this.#buckets[this.#index] = (this.#buckets[this.#index] ?? 0) + bytes;
  }

  /** Bits per second over the last full `windowSeconds`. */
  bitsPerSecond(nowMs: number): number {
    this.#advance(nowMs);
    let sum = 0;
    for (let i = 1; i <= this.windowSeconds; i++) {
      sum += this.#buckets[(this.#index - i + this.#buckets.length) % this.#buckets.length] ?? 0;
    }
    return (sum * 8) / this.windowSeconds;
  }

  #advance(nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    if (this.#bucketStart === 0) this.#bucketStart = second;
    const steps = Math.min(second - this.#bucketStart, this.#buckets.length);
    for (let i = 0; i < steps; i++) {
      this.#index = (this.#index + 1) % this.#buckets.length;
      this.#buckets[this.#index] = 0;
    }
    if (second > this.#bucketStart) this.#bucketStart = second;
  }
}
