/** Samples kept per stream: 10 s of parts of a 4-rendition ladder at 0.2 s parts is 250. */
const RING_SIZE = 512;

interface Ring {
  at: Float64Array;
  delayMs: Float64Array;
  next: number;
}

export interface PartPublishDelaysOptions {
  /** The median covers parts published this long ago at most (default 10 s). */
  windowMs?: number;
  now?: () => number;
}

/**
 * Per stream, the recent delays from a part's last byte leaving FFmpeg to the part being
 * available (the packager measures them; LivePackagerOptions.onPartPublished), for the
 * median the status API shows. Recording is two array writes per part; the median is
 * worked out when read.
 */
export class PartPublishDelays {
  readonly #rings = new Map<string, Ring>();
  readonly #windowMs: number;
  readonly #now: () => number;

  constructor(options: PartPublishDelaysOptions = {}) {
    this.#windowMs = options.windowMs ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  observe(stream: string, delayMs: number): void {
    let ring = this.#rings.get(stream);
    if (!ring) {
      ring = { at: new Float64Array(RING_SIZE), delayMs: new Float64Array(RING_SIZE), next: 0 };
      this.#rings.set(stream, ring);
    }
    const slot = ring.next % RING_SIZE;
    ring.at[slot] = this.#now();
    ring.delayMs[slot] = delayMs;
    ring.next++;
  }

  /** Median delay (ms) of the stream's parts in the window; null when it published none. */
  median(stream: string): number | null {
    const ring = this.#rings.get(stream);
    if (!ring) return null;
    const oldest = this.#now() - this.#windowMs;
    const recent: number[] = [];
    for (let i = 0; i < Math.min(ring.next, RING_SIZE); i++)
      if ((ring.at[i] as number) >= oldest) recent.push(ring.delayMs[i] as number);
    if (recent.length === 0) {
      // A stream that went quiet gives its memory back; it starts a new ring if it returns.
      this.#rings.delete(stream);
      return null;
    }
    recent.sort((a, b) => a - b);
    const mid = recent.length >> 1;
    return recent.length % 2
      ? (recent[mid] as number)
      : ((recent[mid - 1] as number) + (recent[mid] as number)) / 2;
  }
}
