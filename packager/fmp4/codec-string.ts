/**
 * RFC 6381 codec strings (HLS CODECS, DASH @codecs) from the decoder
 * configuration boxes inside a sample entry.
 */
import { readUint8, readUint32 } from './bytes.ts';
import { Fmp4Error } from './fmp4-error.ts';

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/**
 * avcC (ISO/IEC 14496-15 §5.3.3.1)
 *
 *   0         1              2                      3           4
 *   +---------+--------------+----------------------+-----------+---
 *   | version | profile_idc  | constraint_set flags | level_idc | ...
 *   +---------+--------------+----------------------+-----------+---
 *
 * -> `avc1.PPCCLL` (or `avc3.` when parameter sets are in-band).
 */
export function avcCodecString(sampleEntryType: string, avcC: Uint8Array): string {
  return `${sampleEntryType}.${hex2(readUint8(avcC, 1))}${hex2(readUint8(avcC, 2))}${hex2(readUint8(avcC, 3))}`;
}

/**
 * hvcC (ISO/IEC 14496-15 §8.3.3.1), best effort.
 *
 *   0         1                              2            6                  12          13
 *   +---------+------------------------------+------------+------------------+-----------+
 *   | version | space(2) tier(1) profile(5)  | compat(32) | constraints(48)  | level_idc |
 *   +---------+------------------------------+------------+------------------+-----------+
 *
 * -> `hvc1.[A-C]?profile.compat-reversed-hex.(L|H)level.constraint-bytes` (§E.3),
 * trailing zero constraint bytes dropped, e.g. `hvc1.1.6.L93.B0`.
 */
export function hevcCodecString(sampleEntryType: string, hvcC: Uint8Array): string {
  const b1 = readUint8(hvcC, 1);
  const space = ['', 'A', 'B', 'C'][b1 >> 6] ?? '';
  const tier = b1 & 0x20 ? 'H' : 'L';
  const profile = b1 & 0x1f;
  let compat = readUint32(hvcC, 2);
  let reversed = 0;
  for (let i = 0; i < 32; i++) {
    reversed = (reversed << 1) | (compat & 1);
    compat >>>= 1;
  }
  const constraints = Array.from(hvcC.subarray(6, 12));
  while (constraints.length > 0 && constraints[constraints.length - 1] === 0) constraints.pop();
  const level = readUint8(hvcC, 12);
  const parts = [sampleEntryType, `${space}${profile}`, (reversed >>> 0).toString(16), `${tier}${level}`];
  parts.push(...constraints.map((b) => b.toString(16).toUpperCase()));
  return parts.join('.');
}

/** MPEG-4 descriptor: tag byte, then a size in 1-4 bytes of 7 bits with a continuation bit. */
function readDescriptor(buf: Uint8Array, off: number): { tag: number; body: Uint8Array; end: number } {
  const tag = readUint8(buf, off);
  let size = 0;
  let pos = off + 1;
  for (let i = 0; i < 4; i++) {
    const b = readUint8(buf, pos++);
    size = (size << 7) | (b & 0x7f);
    if ((b & 0x80) === 0) break;
  }
  if (pos + size > buf.length) throw new Fmp4Error(`esds descriptor tag ${tag} runs past the box`);
  return { tag, body: buf.subarray(pos, pos + size), end: pos + size };
}

const ES_DESCRIPTOR = 0x03;
const DECODER_CONFIG = 0x04;
const DECODER_SPECIFIC_INFO = 0x05;

export interface Mp4aConfig {
  codec: string;
  /** From AudioSpecificConfig; more reliable than the sample entry, which FFmpeg always sets to 2. */
  channelCount?: number;
}

/** channelConfiguration (ISO/IEC 14496-3 Table 1.19): 1-6 map to themselves, 7 is 7.1. */
const CHANNELS_BY_CONFIGURATION = [undefined, 1, 2, 3, 4, 5, 6, 8] as const;

/**
 * esds (ISO/IEC 14496-1 §7.2.6): ES_Descriptor > DecoderConfigDescriptor
 * (objectTypeIndication) > DecoderSpecificInfo (AudioSpecificConfig).
 * -> `mp4a.40.<audioObjectType>` for AAC, `mp4a.<oti>` otherwise.
 * `esdsPayload` is the box body including version and flags.
 *
 *   AudioSpecificConfig: audioObjectType(5, 31 escapes to 32 + 6 more bits)
 *                        samplingFrequencyIndex(4, 15 escapes to a 24-bit rate) channelConfiguration(4)
 */
export function parseEsds(esdsPayload: Uint8Array): Mp4aConfig {
  const es = readDescriptor(esdsPayload, 4);
  if (es.tag !== ES_DESCRIPTOR) throw new Fmp4Error(`esds starts with descriptor tag ${es.tag}, expected 3`);
  const esFlags = readUint8(es.body, 2);
  let off = 3;
  if (esFlags & 0x80) off += 2; // dependsOn_ES_ID
  if (esFlags & 0x40) off += 1 + readUint8(es.body, off); // URL
  if (esFlags & 0x20) off += 2; // OCR_ES_Id
  const config = readDescriptor(es.body, off);
  if (config.tag !== DECODER_CONFIG) throw new Fmp4Error(`esds has descriptor tag ${config.tag}, expected 4`);
  const objectType = readUint8(config.body, 0);
  if (objectType !== 0x40 || config.body.length <= 13) return { codec: `mp4a.${hex2(objectType)}` };
  const specific = readDescriptor(config.body, 13);
  if (specific.tag !== DECODER_SPECIFIC_INFO) return { codec: 'mp4a.40' };
  const asc = specific.body;
  let bit = 0;
  const bits = (n: number): number => {
    let value = 0;
    for (let i = 0; i < n; i++, bit++)
      value = (value << 1) | ((readUint8(asc, bit >> 3) >> (7 - (bit & 7))) & 1);
    return value;
  };
  let audioObjectType = bits(5);
  if (audioObjectType === 31) audioObjectType = 32 + bits(6);
  if (bits(4) === 15) bits(24);
  const channelCount = CHANNELS_BY_CONFIGURATION[bits(4)];
  const codec = `mp4a.40.${audioObjectType}`;
  return channelCount === undefined ? { codec } : { codec, channelCount };
}
