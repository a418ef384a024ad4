/**
 * Incremental reader for one FFmpeg fMP4 output (a pipe): bytes arrive in
 * arbitrary pieces, items leave in order.
 *
 *   ftyp [free..] moov        -> { kind: 'init' }   bytes exactly as received
 *   [styp|prft|emsg|sidx..] moof [..] mdat -> { kind: 'chunk' } bytes exactly as received
 *
 * Boxes found between items that are not leading boxes (free, skip, mfra,
 * udta, unknown types) are dropped and counted in `skippedBoxes`; boxes inside
 * an open item (after its first box, before its mdat) stay part of its bytes.
 * A new `ftyp` after chunks starts a new init (tracks are replaced).
 *
 * Copies: pushed arrays are kept as views, never copied, while they wait; an
 * item that lies within one pushed array is emitted as a view of it; only an
 * item spanning several pushes is copied, once, into one contiguous array.
 * So `push` takes ownership: do not write into an array after pushing it.
 */
import { DEFAULT_MAX_BOX_SIZE, readBoxHeader } from './box-header.ts';
import { BOX } from './box-types.ts';
import { Fmp4Error } from './fmp4-error.ts';
import { type FragmentInfo, parseFragment } from './fragment.ts';
import { parseInitSegment, type TrackInfo } from './init-segment.ts';

export type Fmp4StreamItem =
  | { kind: 'init'; bytes: Uint8Array; tracks: TrackInfo[] }
  | { kind: 'chunk'; bytes: Uint8Array; fragment: FragmentInfo };

export interface Fmp4StreamReaderOptions {
  /** Larger boxes are treated as garbage. Default 64 MiB. */
  maxBoxSize?: number;
}

/** Boxes that may open a chunk before its moof (CMAF segment/chunk headers and events). */
const LEADING: ReadonlySet<string> = new Set([BOX.styp, BOX.prft, BOX.emsg, BOX.sidx]);

type Phase = 'between' | 'init' | 'leading' | 'moof';

export class Fmp4StreamReader {
  readonly #maxBoxSize: number;
  /** Unconsumed bytes; together they start at the first byte of the open item. */
  #pieces: Uint8Array[] = [];
  #buffered = 0;
  /** Stream position of the first pending byte, for error messages. */
  #consumed = 0;
  /** Offset, within the pending bytes, of the next box header to read. */
  #scan = 0;
  #phase: Phase = 'between';
  /** Pending length needed before the box at `#scan` is complete (skips rescans of a big mdat). */
  #needed = 0;
  #failure: Fmp4Error | undefined;
  #tracks: TrackInfo[] | undefined;
  skippedBoxes = 0;

  constructor(options: Fmp4StreamReaderOptions = {}) {
    this.#maxBoxSize = options.maxBoxSize ?? DEFAULT_MAX_BOX_SIZE;
  }

  /** Tracks of the latest init segment, once it has been read. */
  get tracks(): readonly TrackInfo[] | undefined {
    return this.#tracks;
  }

  /** Bytes held while waiting for the rest of an item. */
  get bufferedBytes(): number {
    return this.#buffered;
  }

  /** Feeds bytes; returns every item they complete, in stream order. Throws Fmp4Error on garbage. */
  push(bytes: Uint8Array): Fmp4StreamItem[] {
    if (this.#failure !== undefined) {
      throw new Fmp4Error(`reader stopped after an earlier error, call reset(): ${this.#failure.message}`);
    }
    if (bytes.length > 0) {
      this.#pieces.push(bytes);
      this.#buffered += bytes.length;
    }
    const items: Fmp4StreamItem[] = [];
    if (this.#buffered < this.#needed) return items;
    try {
      for (let item = this.#next(); item !== 'wait'; item = this.#next()) {
        if (item !== undefined) items.push(item);
      }
    } catch (error) {
      this.#failure =
        error instanceof Fmp4Error ? error : new Fmp4Error(`unexpected failure: ${String(error)}`);
      throw this.#failure;
    }
    return items;
  }

  /** Forgets everything (the source restarted); the next bytes must start with an init segment. */
  reset(): void {
    this.#pieces = [];
    this.#buffered = 0;
    this.#consumed = 0;
    this.#scan = 0;
    this.#phase = 'between';
    this.#needed = 0;
    this.#failure = undefined;
    this.#tracks = undefined;
  }

  /** Reads one box header; returns an item, `undefined` to keep going, or 'wait' for more bytes. */
  #next(): Fmp4StreamItem | undefined | 'wait' {
    const position = this.#consumed + this.#scan;
    const head = this.#peek(this.#scan, 16);
    const header = readBoxHeader(head, 0, position, this.#maxBoxSize);
    if (header === undefined) return 'wait';
    if (header.size === undefined) {
      throw new Fmp4Error(
        `box '${header.type}' has size 0 (to end of file), impossible in a live stream`,
        position,
      );
    }
    const end = this.#scan + header.size;
    if (end > this.#buffered) {
      this.#needed = end;
      return 'wait';
    }
    const { type } = header;
    const fail = (why: string): never => {
      throw new Fmp4Error(`unexpected '${type}' box: ${why}`, position);
    };

    if (type === BOX.ftyp) {
      if (this.#phase !== 'between') fail(`an ftyp cannot appear inside an open ${this.#phase} item`);
      this.#phase = 'init';
    } else if (type === BOX.moov) {
      if (this.#phase !== 'between' && this.#phase !== 'init') fail('a moov cannot appear inside a chunk');
      const bytes = this.#take(end);
      const tracks = parseInitSegment(bytes);
      this.#tracks = tracks;
      return { kind: 'init', bytes, tracks };
    } else if (this.#tracks === undefined && this.#phase !== 'init') {
      fail('the stream must start with ftyp or moov');
    } else if (this.#phase === 'init') {
      if (type === BOX.moof || type === BOX.mdat) fail('media before the moov');
    } else if (type === BOX.moof) {
      if (this.#phase === 'moof') fail('a moof follows a moof without an mdat in between');
      this.#phase = 'moof';
    } else if (type === BOX.mdat) {
      if (this.#phase !== 'moof') fail('an mdat without a preceding moof');
      const bytes = this.#take(end);
      return { kind: 'chunk', bytes, fragment: parseFragment(bytes, this.#tracks ?? []) };
    } else if (this.#phase === 'between') {
      if (LEADING.has(type)) {
        this.#phase = 'leading';
      } else {
        this.#drop(end);
        this.skippedBoxes += 1;
        return undefined;
      }
    }
    this.#scan = end;
    return undefined;
  }

  /** Up to `length` pending bytes from `offset`, as a view when they sit in one piece. */
  #peek(offset: number, length: number): Uint8Array {
    const wanted = Math.min(length, this.#buffered - offset);
    if (wanted <= 0) return new Uint8Array(0);
    let start = offset;
    let index = 0;
    for (
      let piece = this.#pieces[0];
      piece !== undefined && start >= piece.length;
      piece = this.#pieces[index]
    ) {
      start -= piece.length;
      index += 1;
    }
    const first = this.#pieces[index] as Uint8Array;
    if (start + wanted <= first.length) return first.subarray(start, start + wanted);
    const out = new Uint8Array(wanted);
    let filled = 0;
    for (let i = index; filled < wanted; i++) {
      const piece = (this.#pieces[i] as Uint8Array).subarray(i === index ? start : 0);
      const n = Math.min(piece.length, wanted - filled);
      out.set(piece.subarray(0, n), filled);
      filled += n;
    }
    return out;
  }

  /** Removes the first `length` pending bytes and returns them contiguous; the item closes. */
  #take(length: number): Uint8Array {
    const bytes = this.#peek(0, length);
    this.#drop(length);
    return bytes;
  }

  #drop(length: number): void {
    let left = length;
    while (left > 0) {
      const piece = this.#pieces[0] as Uint8Array;
      if (piece.length <= left) {
        this.#pieces.shift();
        left -= piece.length;
      } else {
        this.#pieces[0] = piece.subarray(left);
        left = 0;
      }
    }
    this.#buffered -= length;
    this.#consumed += length;
    this.#scan = 0;
    this.#needed = 0;
    this.#phase = 'between';
  }
}
