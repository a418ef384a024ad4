/**
 * Big-endian readers for ISO BMFF fields. They take a view and an offset
 * relative to that view, like the spec's field tables, and throw Fmp4Error
 * instead of returning `undefined` when a field runs past the end.
 */
import { Fmp4Error } from './fmp4-error.ts';

function need(buf: Uint8Array, off: number, length: number): void {
  if (off < 0 || off + length > buf.length) {
    throw new Fmp4Error(
      `field of ${length} bytes at offset ${off} runs past the end of a ${buf.length}-byte box`,
    );
  }
}

// Byte arithmetic instead of a DataView per read: every frame of every track is parsed
// live, and a DataView allocation per field showed up in profiles.
function uint32At(buf: Uint8Array, off: number): number {
  return (
    (((buf[off] as number) << 24) |
      ((buf[off + 1] as number) << 16) |
      ((buf[off + 2] as number) << 8) |
      (buf[off + 3] as number)) >>>
    0
  );
}

export function readUint8(buf: Uint8Array, off: number): number {
  need(buf, off, 1);
  return buf[off] as number;
}

export function readUint16(buf: Uint8Array, off: number): number {
  need(buf, off, 2);
  return ((buf[off] as number) << 8) | (buf[off + 1] as number);
}

export function readUint24(buf: Uint8Array, off: number): number {
  need(buf, off, 3);
  return ((buf[off] as number) << 16) | ((buf[off + 1] as number) << 8) | (buf[off + 2] as number);
}

export function readUint32(buf: Uint8Array, off: number): number {
  need(buf, off, 4);
  return uint32At(buf, off);
}

export function readInt32(buf: Uint8Array, off: number): number {
  need(buf, off, 4);
  return uint32At(buf, off) | 0;
}

/** 2^53 = 2^21 * 2^32: a high word at or above 2^21 cannot be a safe integer. */
const SAFE_HIGH_WORD = 0x200000;

/** 64-bit unsigned as a JS number; media times and box sizes above 2^53 are not real. */
export function readUint64(buf: Uint8Array, off: number): number {
  need(buf, off, 8);
  const high = uint32At(buf, off);
  const low = uint32At(buf, off + 4);
  if (high >= SAFE_HIGH_WORD) {
    const value = (BigInt(high) << 32n) | BigInt(low);
    throw new Fmp4Error(`64-bit value ${value} at offset ${off} exceeds Number.MAX_SAFE_INTEGER`);
  }
  return high * 2 ** 32 + low;
}

/** 64-bit signed as a JS number, within the safe-integer range. */
export function readInt64(buf: Uint8Array, off: number): number {
  need(buf, off, 8);
  const high = uint32At(buf, off) | 0;
  const low = uint32At(buf, off + 4);
  const value = high * 2 ** 32 + low;
  if (high >= SAFE_HIGH_WORD || high < -SAFE_HIGH_WORD || !Number.isSafeInteger(value)) {
    const exact = (BigInt(high) << 32n) | BigInt(low);
    throw new Fmp4Error(`64-bit value ${exact} at offset ${off} is outside the safe-integer range`);
  }
  return value;
}

/** Box and handler types seen so far, by their 32-bit value: one string each, not one per read. */
const fourccNames = new Map<number, string>();
const MAX_INTERNED = 256;

/** Four ASCII characters, e.g. a box type or a handler type. */
export function fourcc(buf: Uint8Array, off: number): string {
  need(buf, off, 4);
  const key = uint32At(buf, off);
  const known = fourccNames.get(key);
  if (known !== undefined) return known;
  const name = String.fromCharCode(
    buf[off] as number,
    buf[off + 1] as number,
    buf[off + 2] as number,
    buf[off + 3] as number,
  );
  // garbage streams could make up endless types: remember only the first few hundred
  if (fourccNames.size < MAX_INTERNED) fourccNames.set(key, name);
  return name;
}
