/**
 * Per-IP cap on open ingest connections, shared by every listener: a flood from one
 * address is refused at accept time and never reaches a handshake or a stream.
 */
export class ConnectionLimit {
  readonly #perIp: number;
  readonly #open = new Map<string, number>();
  refused = 0;

  constructor(options: { perIp: number }) {
    this.#perIp = options.perIp;
  }

  /** A release function when the address may open one more connection, undefined when it may not. */
  tryAcquire(ip: string): (() => void) | undefined {
    const count = this.#open.get(ip) ?? 0;
    if (count >= this.#perIp) {
      this.refused++;
      return undefined;
    }
    this.#open.set(ip, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(ip) ?? 1) - 1;
      if (left <= 0) this.#open.delete(ip);
      else this.#open.set(ip, left);
    };
  }

  openFrom(ip: string): number {
    return this.#open.get(ip) ?? 0;
  }
}
