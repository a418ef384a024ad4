interface Waiter {
  ready: () => boolean;
  deadline: number;
  resolve: (met: boolean) => void;
}

/**
 * Wakes waiters when something changes. Held requests are kept in one set and
 * re-checked on each change; their deadlines are swept by one coarse timer, so a
 * thousand held playlist requests cost a thousand small records, not a thousand
 * timers and promise chains.
 */
export class ChangeSignal {
  #resolve!: () => void;
  #next: Promise<void>;
  readonly #waiters = new Set<Waiter>();
  #sweeper: Timer | undefined;
  readonly #sweepMs: number;

  constructor(options: { sweepMs?: number } = {}) {
    this.#sweepMs = options.sweepMs ?? 50;
    this.#next = this.#arm();
  }

  #arm(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#resolve = resolve;
    });
  }

  /** Resolves at the next `notify()`. */
  next(): Promise<void> {
    return this.#next;
  }

  /** Held requests right now. */
  get waiting(): number {
    return this.#waiters.size;
  }

  notify(): void {
    const resolve = this.#resolve;
    this.#next = this.#arm();
    resolve();
    for (const waiter of this.#waiters) {
      if (waiter.ready()) {
        this.#waiters.delete(waiter);
        waiter.resolve(true);
      }
    }
  }

  /**
   * Resolves true as soon as `ready()` holds (checked now and after every change),
   * false when `timeoutMs` passes first (within the sweep interval).
   */
  waitUntil(ready: () => boolean, timeoutMs: number): Promise<boolean> {
    if (ready()) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      this.#waiters.add({ ready, deadline: performance.now() + timeoutMs, resolve });
      this.#sweeper ??= setInterval(() => this.#sweep(), this.#sweepMs);
    });
  }

  #sweep(): void {
    const now = performance.now();
    for (const waiter of this.#waiters) {
      if (waiter.deadline <= now) {
        this.#waiters.delete(waiter);
        waiter.resolve(waiter.ready());
      }
    }
    if (this.#waiters.size === 0) {
      clearInterval(this.#sweeper);
      this.#sweeper = undefined;
    }
  }
}
