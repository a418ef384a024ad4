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

function view(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

export function readUint8(buf: Uint8Array, off: number): number {
  need(buf, off, 1);
  return buf[off] as number;
}

export function readUint16(buf: Uint8Array, off: number): number {
  need(buf, off, 2);
  return view(buf).getUint16(off);
}

export function readUint24(buf: Uint8Array, off: number): number {
  need(buf, off, 3);
  return ((buf[off] as number) << 16) | ((buf[off + 1] as number) << 8) | (buf[off + 2] as number);
}

export function readUint32(buf: Uint8Array, off: number): number {
  need(buf, off, 4);
  return view(buf).getUint32(off);
}

export function readInt32(buf: Uint8Array, off: number): number {
  need(buf, off, 4);
  return view(buf).getInt32(off);
}

/** 64-bit unsigned as a JS number; media times and box sizes above 2^53 are not real. */
export function readUint64(buf: Uint8Array, off: number): number {
  need(buf, off, 8);
  const value = view(buf).getBigUint64(off);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Fmp4Error(`64-bit value ${value} at offset ${off} exceeds Number.MAX_SAFE_INTEGER`);
  }
  return Number(value);
}

/** 64-bit signed as a JS number, within the safe-integer range. */
export function readInt64(buf: Uint8Array, off: number): number {
  need(buf, off, 8);
  const value = view(buf).getBigInt64(off);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new Fmp4Error(`64-bit value ${value} at offset ${off} is outside the safe-integer range`);
  }
  return Number(value);
}

/** Four ASCII characters, e.g. a box type or a handler type. */
export function fourcc(buf: Uint8Array, off: number): string {
  need(buf, off, 4);
  return String.fromCharCode(
    buf[off] as number,
    buf[off + 1] as number,
    buf[off + 2] as number,
    buf[off + 3] as number,
  );
}
