import type { LivePackager } from './live-packager.ts';

/** The live packagers of this node by stream name: one owner per stream. */
export class LiveStreams {
  readonly #byName = new Map<string, LivePackager>();

  get(name: string): LivePackager | undefined {
    return this.#byName.get(name);
  }

  names(): string[] {
    return [...this.#byName.keys()];
  }

  /** Registers and starts a packager; a second one for the same name is refused. */
  start(name: string, packager: LivePackager): void {
    if (this.#byName.has(name)) throw new Error(`stream "${name}" already has a live packager`);
    this.#byName.set(name, packager);
    packager.start();
  }

  async stop(name: string): Promise<void> {
    const packager = this.#byName.get(name);
    this.#byName.delete(name);
    await packager?.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.names().map((name) => this.stop(name)));
  }
}
