/** The last N things that happened to a destination, for the API: bounded, already masked. */
import type { RestreamLogEntry, RestreamLogLevel } from '../defs/destination.ts';

export class DestinationLog {
  readonly #capacity: number;
  #entries: RestreamLogEntry[] = [];

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  push(level: RestreamLogLevel, message: string, at = new Date()): void {
    this.#entries.push({ at: at.toISOString(), level, message });
    if (this.#entries.length > this.#capacity) this.#entries.splice(0, this.#entries.length - this.#capacity);
  }

  entries(): RestreamLogEntry[] {
    return [...this.#entries];
  }
}
