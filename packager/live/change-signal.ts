/**
 * Wakes every waiter at once when something changes. One shared promise per
 * change, so a thousand blocked playlist requests cost one promise, not a
 * thousand listeners to walk.
 */
export class ChangeSignal {
  #resolve!: () => void;
  #next: Promise<void>;

  constructor() {
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

  notify(): void {
    const resolve = this.#resolve;
    this.#next = this.#arm();
    resolve();
  }

  /**
   * Resolves true as soon as `ready()` holds (checked now and after every change),
   * false when `timeoutMs` passes first.
   */
  async waitUntil(ready: () => boolean, timeoutMs: number): Promise<boolean> {
    if (ready()) return true;
    let timer: Timer | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      while (true) {
        const woke = await Promise.race([this.#next.then(() => true as const), timedOut]);
        if (!woke) return ready();
        if (ready()) return true;
      }
    } finally {
      clearTimeout(timer);
    }
  }
}
