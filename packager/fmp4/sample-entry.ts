/**
 * The first sample entry of `stsd`: what the decoder needs to know up front
 * (codec string, coded size, audio rate and channels).
 *
 *   stsd: version+flags(4) entry_count(4) then entries, each a box:
 *
 *   SampleEntry         8 header | reserved(6) data_reference_index(2)
 *   VisualSampleEntry   +16 pre_defined/reserved | width(2) height(2) | +50 ... | child boxes at 78
 *   AudioSampleEntry    version(2) reserved(6) | channelcount(2) samplesize(2) | pre_defined(2)
 *                       reserved(2) | samplerate(4, 16.16) | child boxes at 28 (v1 QuickTime: +16)
 */
import { iterateBoxes } from './box-iterator.ts';
import { BOX } from './box-types.ts';
import { readUint16, readUint32 } from './bytes.ts';
import { avcCodecString, hevcCodecString, parseEsds } from './codec-string.ts';
import { Fmp4Error } from './fmp4-error.ts';

export interface SampleEntryInfo {
  /** The sample entry type, e.g. `avc1`, `mp4a`. */
  format: string;
  codec: string;
  width?: number;
  height?: number;
  sampleRate?: number;
  channelCount?: number;
}

const VISUAL_CHILDREN_AT = 78;
const AUDIO_CHILDREN_AT = 28;

function child(entryPayload: Uint8Array, from: number, type: string): Uint8Array | undefined {
  if (from > entryPayload.length) return undefined;
  for (const box of iterateBoxes(entryPayload.subarray(from))) {
    if (box.type === type) return box.payload;
  }
  return undefined;
}

function visual(format: string, payload: Uint8Array): SampleEntryInfo {
  const width = readUint16(payload, 24);
  const height = readUint16(payload, 26);
  let codec: string = format;
  if (format === BOX.avc1 || format === BOX.avc3) {
    const avcC = child(payload, VISUAL_CHILDREN_AT, BOX.avcC);
    if (avcC !== undefined) codec = avcCodecString(format, avcC);
  } else if (format === BOX.hvc1 || format === BOX.hev1) {
    const hvcC = child(payload, VISUAL_CHILDREN_AT, BOX.hvcC);
    if (hvcC !== undefined) codec = hevcCodecString(format, hvcC);
  }
  return { format, codec, width, height };
}

function audio(format: string, payload: Uint8Array): SampleEntryInfo {
  const version = readUint16(payload, 8);
  let channelCount = readUint16(payload, 16);
  const sampleRate = readUint32(payload, 24) >>> 16;
  let codec = format === 'Opus' ? 'opus' : format;
  if (format === BOX.mp4a) {
    const esds = child(payload, AUDIO_CHILDREN_AT + (version === 1 ? 16 : 0), BOX.esds);
    const config = esds === undefined ? { codec: 'mp4a.40.2' } : parseEsds(esds);
    codec = config.codec;
    channelCount = config.channelCount ?? channelCount;
  }
  return { format, codec, sampleRate, channelCount };
}

/** Parses the first entry of an `stsd` payload; `handler` picks the entry layout. */
export function parseSampleEntry(stsdPayload: Uint8Array, handler: string): SampleEntryInfo {
  const first = iterateBoxes(stsdPayload.subarray(8)).next();
  if (first.done) throw new Fmp4Error('stsd has no sample entry');
  const { type, payload } = first.value;
  if (handler === 'vide') return visual(type, payload);
  if (handler === 'soun') return audio(type, payload);
  return { format: type, codec: type };
}
