/**
 * Walks boxes in a complete buffer and finds them by path, returning subarray
 * views (no copies): `findBox(moov, ['trak', 'mdia', 'mdhd'])`.
 */
import { readBoxHeader } from './box-header.ts';
import { Fmp4Error } from './fmp4-error.ts';

export interface Box {
  type: string;
  /** Offset of the box's first byte within the buffer given to `iterateBoxes`. */
  offset: number;
  /** The whole box, header included. */
  bytes: Uint8Array;
  /** The box body after the header (for full boxes it starts with version and flags). */
  payload: Uint8Array;
}

/**
 * Yields the boxes laid end to end in `data`. A box that claims more bytes
 * than `data` holds throws: a complete buffer has no excuse to be short.
 * `baseOffset` shifts the offsets quoted in errors (position of `data` in its parent).
 */
export function* iterateBoxes(data: Uint8Array, baseOffset = 0): Generator<Box> {
  let off = 0;
  while (off < data.length) {
    const header = readBoxHeader(data, off, baseOffset + off, Number.MAX_SAFE_INTEGER);
    if (header === undefined) {
      throw new Fmp4Error(
        `${data.length - off} trailing bytes are too few for a box header`,
        baseOffset + off,
      );
    }
    const size = header.size ?? data.length - off;
    if (off + size > data.length) {
      throw new Fmp4Error(
        `box '${header.type}' declares size ${size} but only ${data.length - off} bytes remain`,
        baseOffset + off,
      );
    }
    const bytes = data.subarray(off, off + size);
    yield { type: header.type, offset: off, bytes, payload: bytes.subarray(header.headerSize) };
    off += size;
  }
}

/** Where one box lies in the buffer given to `forEachBox`: [start, end), its body from `body`. */
export interface BoxSpan {
  type: string;
  start: number;
  body: number;
  end: number;
}

/**
 * The boxes laid end to end in `data[from, to)`, as spans: no views and no Box objects,
 * for the per-frame hot path (`parseFragment`). Same rules as `iterateBoxes`.
 */
export function boxSpans(data: Uint8Array, from = 0, to = data.length): BoxSpan[] {
  const spans: BoxSpan[] = [];
  let off = from;
  while (off < to) {
    const header = readBoxHeader(data, off, off, Number.MAX_SAFE_INTEGER);
    if (header === undefined || off + 8 > to)
      throw new Fmp4Error(`${to - off} trailing bytes are too few for a box header`, off);
    const size = header.size ?? to - off;
    if (off + size > to)
      throw new Fmp4Error(
        `box '${header.type}' declares size ${size} but only ${to - off} bytes remain`,
        off,
      );
    spans.push({ type: header.type, start: off, body: off + header.headerSize, end: off + size });
    off += size;
  }
  return spans;
}

/** Every box matching the path of types, descending through container payloads. */
export function findBoxes(data: Uint8Array, path: readonly string[]): Box[] {
  const [first, ...rest] = path;
  if (first === undefined) return [];
  const found: Box[] = [];
  for (const box of iterateBoxes(data)) {
    if (box.type !== first) continue;
    if (rest.length === 0) found.push(box);
    else found.push(...findBoxes(box.payload, rest));
  }
  return found;
}

/** The first box matching the path, or `undefined`. */
export function findBox(data: Uint8Array, path: readonly string[]): Box | undefined {
  return findBoxes(data, path)[0];
}

/** Like `findBox`, but a missing box is a malformed file. */
export function requireBox(data: Uint8Array, path: readonly string[]): Box {
  const box = findBox(data, path);
  if (box === undefined) throw new Fmp4Error(`required box ${path.join('/')} is missing`);
  return box;
}
