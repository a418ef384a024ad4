import type { LivePackager } from './live-packager.ts';

export interface LiveStreamsOptions {
  /**
   * An ended stream stays served this long (its playlists carry EXT-X-ENDLIST), so
   * players polling it learn that it ended instead of getting 404 (default 60 s).
   */
  endedRetentionMs?: number;
}

/** The live packagers of this node by stream name: one owner per stream. */
export class LiveStreams {
  readonly #byName = new Map<string, LivePackager>();
  readonly #ended = new Set<LivePackager>();
  readonly #retentionMs: number;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #closed = false;

  constructor(options: LiveStreamsOptions = {}) {
    this.#retentionMs = options.endedRetentionMs ?? 60_000;
  }

  get(name: string): LivePackager | undefined {
    return this.#byName.get(name);
  }

  names(): string[] {
    return [...this.#byName.keys()];
  }

  /** Registers and starts a packager; a second live one for the same name is refused (an ended one is replaced). */
  start(name: string, packager: LivePackager): void {
    const current = this.#byName.get(name);
    if (current && !this.#ended.has(current)) throw new Error(`stream "${name}" already has a live packager`);
    this.#byName.set(name, packager);
    packager.start();
  }

  /** Puts `packager` in place of the current one (a publisher replacing a pull source or the demo). */
  async replace(name: string, packager: LivePackager, reason: string): Promise<void> {
    const previous = this.#byName.get(name);
    this.#byName.set(name, packager);
    await previous?.close(reason);
    previous?.discard();
    if (this.#byName.get(name) === packager) packager.start();
  }

  /** Ends the stream; its final playlists stay served for the retention time. */
  async stop(name: string, reason?: string): Promise<void> {
    const packager = this.#byName.get(name);
    if (!packager || this.#ended.has(packager)) return;
    if (this.#closed) {
      // Shutting down: nothing will be served any more; no retention timer to keep the process up.
      await packager.close(reason);
      packager.discard();
      return;
    }
    this.#ended.add(packager);
    await packager.close(reason);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#ended.delete(packager);
      if (this.#byName.get(name) === packager) this.#byName.delete(name);
      packager.discard();
    }, this.#retentionMs);
    this.#timers.add(timer);
  }

  /** Shutdown: ends every stream and forgets them at once. */
  async closeAll(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    const packagers = [...this.#byName.values()];
    this.#byName.clear();
    await Promise.all(packagers.map((p) => (this.#ended.has(p) ? undefined : p.close())));
    for (const packager of packagers) packager.discard();
    this.#ended.clear();
  }
}
