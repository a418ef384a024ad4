/**
 * Media bytes as response bodies. `new Response(uint8Array)` copies the bytes for every
 * response (~10 µs for a 90 KB part: most of what a part request cost); a Blob is copied
 * once and every response shares it. A complete segment gets one Blob and its parts are
 * slices of it (sharing its memory); a part of the segment in progress gets its own.
 *
 * Memory: the newest bodies are kept up to `maxBytes` of copies (the live edge, which
 * nearly every request asks for), the oldest dropped first. A kept body also keeps its
 * source bytes alive after the packager drops them, so the worst case on top of the
 * packager's own bound is 2 x `maxBytes`. Beyond it, a body is made per response (one
 * copy per request, as `new Response(bytes)` does).
 */
export interface MediaBody {
  readonly blob: Blob;
  /** Ready-made response headers for this body, by whatever the caller keys them on. */
  readonly headers: Map<string, Headers>;
}

interface Entry extends MediaBody {
  /** Bodies of the parts of this segment, by their offset in it. */
  readonly slices: Map<number, MediaBody>;
}

export const DEFAULT_MEDIA_BODY_BYTES = 32 * 1024 * 1024;

export class MediaBodies {
  /** Insertion order is age: the first entry is dropped first. */
  readonly #entries = new Map<Uint8Array, Entry>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(options: { maxBytes?: number } = {}) {
    this.#maxBytes = options.maxBytes ?? DEFAULT_MEDIA_BODY_BYTES;
  }

  /** Copies held right now. */
  get heldBytes(): number {
    return this.#bytes;
  }

  /** The body for `bytes`; `whole` is the complete segment that `bytes` may be a view into. */
  of(bytes: Uint8Array, whole?: Uint8Array): MediaBody {
    if (!whole || whole === bytes || !isViewInto(bytes, whole)) return this.#entryOf(bytes);
    const segment = this.#entryOf(whole);
    const start = bytes.byteOffset - whole.byteOffset;
    const known = segment.slices.get(start);
    if (known && known.blob.size === bytes.length) return known;
    const slice = { blob: segment.blob.slice(start, start + bytes.length), headers: new Map() };
    if (this.#entries.get(whole) === segment) segment.slices.set(start, slice);
    return slice;
  }

  /** A body for one response only (bytes read back from disk: not worth a place here). */
  once(bytes: Uint8Array): MediaBody {
    return { blob: new Blob([bytes as Uint8Array<ArrayBuffer>]), headers: new Map() };
  }

  #entryOf(bytes: Uint8Array): Entry {
    const known = this.#entries.get(bytes);
    if (known) return known;
    const entry = {
      blob: new Blob([bytes as Uint8Array<ArrayBuffer>]),
      headers: new Map<string, Headers>(),
      slices: new Map<number, MediaBody>(),
    };
    if (bytes.length > this.#maxBytes) return entry;
    this.#entries.set(bytes, entry);
    this.#bytes += bytes.length;
    for (const [oldest, dropped] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= dropped.blob.size;
    }
    return entry;
  }
}

function isViewInto(part: Uint8Array, whole: Uint8Array): boolean {
  return (
    part.buffer === whole.buffer &&
    part.byteOffset >= whole.byteOffset &&
    part.byteOffset + part.length <= whole.byteOffset + whole.length
  );
}
