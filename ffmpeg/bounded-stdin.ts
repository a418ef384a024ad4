import type { FileSink } from 'bun';

/**
 * Media bytes into a child's stdin with a bound on what may wait in memory. A child
 * that stops reading (stuck, or slower than real time) must not let a publisher's
 * bytes pile up without limit: past the bound, write() refuses and the caller drops
 * the publisher (an encoder reconnects; the origin's memory stays flat).
 */
export class BoundedStdin {
  readonly #sink: FileSink;
  readonly #maxPendingBytes: number;
  #pendingBytes = 0;
  #closed = false;

  constructor(sink: FileSink, maxPendingBytes: number) {
    this.#sink = sink;
    this.#maxPendingBytes = maxPendingBytes;
  }

  /** Bytes accepted but not yet taken by the child. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** False when the child is gone or its backlog is over the bound; the bytes are not taken. */
  write(bytes: Uint8Array): boolean {
    if (this.#closed || this.#pendingBytes + bytes.length > this.#maxPendingBytes) return false;
    try {
      // A number: written at once. A promise: Bun holds the bytes until the pipe drains.
      const written = this.#sink.write(bytes);
      if (written instanceof Promise) {
        this.#pendingBytes += bytes.length;
        written.then(
          () => {
            this.#pendingBytes -= bytes.length;
          },
          () => {
            this.#closed = true;
          },
        );
      }
      return true;
    } catch {
      // EPIPE: the child exited.
      this.#closed = true;
      return false;
    }
  }

  /**
   * End of input: the child sees EOF once the backlog drains. Call it too when the
   * child exits: Bun's write to a dead child's pipe does not fail.
   */
  end(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      void Promise.resolve(this.#sink.end()).catch(() => {});
    } catch {
      // already closed by the child's exit
    }
  }
}
