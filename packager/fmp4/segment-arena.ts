/**
 * One segment's bytes, laid down contiguously as its chunks arrive, so a part is a view
 * of the segment and the segment is a view of the arena: each byte is copied once (out of
 * the pipe's read buffer), not once into its part and again into its segment.
 *
 * Views stay valid when the arena grows: growing copies into a new buffer and leaves the
 * old one to the views that still point at it (same bytes). Sized from the previous
 * segment, so growth is rare; a segment that ends far below its capacity is copied down
 * to size so its bytes do not pin memory the live window never uses.
 */
export class SegmentArena {
  #buffer: Uint8Array;
  #length = 0;

  constructor(capacityHint: number) {
    this.#buffer = new Uint8Array(Math.max(MIN_CAPACITY, Math.ceil(capacityHint)));
  }

  get byteLength(): number {
    return this.#length;
  }

  /** Copies `bytes` in; returns the offset they start at. */
  append(bytes: Uint8Array): number {
    const offset = this.#length;
    const needed = offset + bytes.length;
    if (needed > this.#buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.#buffer.length * 2));
      grown.set(this.#buffer.subarray(0, offset));
      this.#buffer = grown;
    }
    this.#buffer.set(bytes, offset);
    this.#length = needed;
    return offset;
  }

  view(start: number, end: number): Uint8Array {
    return this.#buffer.subarray(start, end);
  }

  /** The whole segment, trimmed when more than a quarter of the buffer went unused. */
  finish(): Uint8Array {
    const used = this.#buffer.subarray(0, this.#length);
    return this.#buffer.length - this.#length > this.#buffer.length / 4 ? used.slice() : used;
  }
}

const MIN_CAPACITY = 16 * 1024;
