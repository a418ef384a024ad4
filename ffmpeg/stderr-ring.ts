/**
 * The last N lines FFmpeg wrote to stderr, across restarts: enough to say why
 * it died without keeping a long-running process's whole log in memory.
 */

/** A line without a newline (binary garbage, a runaway progress bar) is cut here. */
const MAX_LINE_CHARS = 2000;

export class StderrRing {
  readonly #capacity: number;
  readonly #lines: string[] = [];
  readonly #decoder = new TextDecoder();
  #partial = '';

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`stderr ring capacity must be >= 1, got ${capacity}`);
    this.#capacity = capacity;
  }

  /** Feed raw bytes; complete lines (ending in \n or \r) enter the ring. */
  write(chunk: Uint8Array): void {
    const text = this.#partial + this.#decoder.decode(chunk, { stream: true });
    const pieces = text.split(/\r\n|\r|\n/);
    this.#partial = (pieces.pop() ?? '').slice(0, MAX_LINE_CHARS);
    for (const piece of pieces) this.push(piece);
  }

  /** Add one line directly (the supervisor marks restarts this way). */
  push(line: string): void {
    if (line.length === 0) return;
    this.#lines.push(line.slice(0, MAX_LINE_CHARS));
    if (this.#lines.length > this.#capacity) this.#lines.splice(0, this.#lines.length - this.#capacity);
  }

  /** Flush a trailing line without newline (call when the stream ends). */
  end(): void {
    const rest = this.#partial + this.#decoder.decode();
    this.#partial = '';
    this.push(rest);
  }

  lines(): string[] {
    return [...this.#lines];
  }
}
