/**
 * Decodes one box header (ISO/IEC 14496-12 §4.2) and rejects what cannot be a box.
 *
 *   0        4        8                16
 *   +--------+--------+----------------+
 *   | size   | type   | largesize      |   largesize only when size == 1
 *   +--------+--------+----------------+
 *   size == 0: the box runs to the end of the file
 *
 * Shared by the whole-buffer iterator and the incremental stream reader so both
 * apply the same sanity rules to untrusted bytes.
 */
import { fourcc, readUint32, readUint64 } from './bytes.ts';
import { Fmp4Error } from './fmp4-error.ts';

export interface BoxHeader {
  type: string;
  /** Total box size including the header; `undefined` when size == 0 (to end). */
  size: number | undefined;
  headerSize: 8 | 16;
}

/** Boxes larger than this are taken as garbage unless the caller raises it. */
export const DEFAULT_MAX_BOX_SIZE = 64 * 1024 * 1024;

function isPrintableType(buf: Uint8Array, off: number): boolean {
  for (let i = off; i < off + 4; i++) {
    const c = buf[i] as number;
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

function describeType(buf: Uint8Array, off: number): string {
  return Array.from(buf.subarray(off, off + 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * Reads the header at `off`. Returns `undefined` when fewer bytes than the
 * header are available (the caller waits for more). `position` is only used in
 * error messages: the absolute offset of this box in the caller's stream.
 */
export function readBoxHeader(
  buf: Uint8Array,
  off: number,
  position: number,
  maxBoxSize = DEFAULT_MAX_BOX_SIZE,
): BoxHeader | undefined {
  if (buf.length - off < 8) return undefined;
  if (!isPrintableType(buf, off + 4)) {
    throw new Fmp4Error(
      `not an MP4 box: type bytes [${describeType(buf, off + 4)}] are not printable`,
      position,
    );
  }
  const type = fourcc(buf, off + 4);
  const size32 = readUint32(buf, off);
  if (size32 === 0) return { type, size: undefined, headerSize: 8 };
  let size = size32;
  let headerSize: 8 | 16 = 8;
  if (size32 === 1) {
    if (buf.length - off < 16) return undefined;
    size = readUint64(buf, off + 8);
    headerSize = 16;
  }
  if (size < headerSize) {
    throw new Fmp4Error(
      `box '${type}' declares size ${size}, smaller than its ${headerSize}-byte header`,
      position,
    );
  }
  if (size > maxBoxSize) {
    throw new Fmp4Error(
      `box '${type}' declares size ${size}, above the limit of ${maxBoxSize} bytes`,
      position,
    );
  }
  return { type, size, headerSize };
}
