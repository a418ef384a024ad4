/**
 * Follows one stream's video playlist (a plain reload every `intervalMs`) and tells,
 * over a measured window, whether it keeps up with real time: parts per second and how
 * far its live edge slipped behind the wall clock (max - min of now - edge).
 */
import { playlistEdge } from './ingest-playlist-edge.ts';

export interface WatchWindow {
  seconds: number;
  samples: number;
  /** Reloads that failed (no answer or not 200) in the window. */
  errors: number;
  /** New EXT-X-PART URIs seen per second. */
  partsPerSecond: number;
  /** Growth of (now - live edge) over the window, seconds: ~one part when keeping up. */
  behindSeconds: number;
  /** Median of now - live edge, ms: the edge's delay behind real time (part duration included). */
  edgeDelayMs: number;
}

export class StreamWatch {
  readonly #url: string;
  readonly #intervalMs: number;
  /** Part URIs of the previous reload (parts stay listed for seconds: none slip between reloads). */
  #seen = new Set<string>();
  #running = false;
  /** Set once a reload listed a part. */
  live = false;
  #loop: Promise<void> | undefined;
  #windowStart = performance.now();
  #newParts = 0;
  /** [ms, new parts so far] at the window's first and latest reload: the rate spans whole reloads. */
  #firstSample: [number, number] | undefined;
  #lastSample: [number, number] | undefined;
  #errors = 0;
  #delays: number[] = [];

  constructor(options: { url: string; intervalMs?: number }) {
    this.#url = options.url;
    this.#intervalMs = options.intervalMs ?? 500;
  }

  start(): void {
    this.#running = true;
    this.#loop = this.#follow();
  }

  async close(): Promise<void> {
    this.#running = false;
    await this.#loop;
  }

  /** Starts a new measured window now. */
  resetWindow(): void {
    this.#windowStart = performance.now();
    this.#newParts = 0;
    this.#firstSample = undefined;
    this.#lastSample = undefined;
    this.#errors = 0;
    this.#delays = [];
  }

  window(): WatchWindow {
    const seconds = (performance.now() - this.#windowStart) / 1000;
    const delays = [...this.#delays].sort((a, b) => a - b);
    const behind = delays.length > 0 ? ((delays.at(-1) as number) - (delays[0] as number)) / 1000 : Infinity;
    return {
      seconds,
      samples: delays.length,
      errors: this.#errors,
      partsPerSecond: this.#partsPerSecond(),
      behindSeconds: behind,
      edgeDelayMs: delays[Math.floor(delays.length / 2)] ?? Number.NaN,
    };
  }

  #partsPerSecond(): number {
    const [first, last] = [this.#firstSample, this.#lastSample];
    if (!first || !last || last[0] - first[0] < 1000) return 0;
    return (last[1] - first[1]) / ((last[0] - first[0]) / 1000);
  }

  async #follow(): Promise<void> {
    // Spread the reloads of many watches over the interval.
    await Bun.sleep(Math.random() * this.#intervalMs);
    while (this.#running) {
      const started = performance.now();
      try {
        const res = await fetch(this.#url, { signal: AbortSignal.timeout(5000) });
        const text = await res.text();
        const now = Date.now();
        const edge = res.status === 200 ? playlistEdge(text) : undefined;
        if (edge?.endMs === undefined) this.#errors++;
        else {
          this.#delays.push(now - edge.endMs);
          if (edge.partUris.length > 0) this.live = true;
          for (const uri of edge.partUris) if (!this.#seen.has(uri)) this.#newParts++;
          this.#seen = new Set(edge.partUris);
          const sample: [number, number] = [performance.now(), this.#newParts];
          this.#firstSample ??= sample;
          this.#lastSample = sample;
        }
      } catch {
        this.#errors++;
      }
      await Bun.sleep(Math.max(0, this.#intervalMs - (performance.now() - started)));
    }
  }
}
