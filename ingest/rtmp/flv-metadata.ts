import type AVPacket from 'node-media-server/src/core/avpacket.js';
import { decodeAmf0Data } from 'node-media-server/src/protocol/amf.js';

const AMF0_STRING = 0x02;
const TYPE_AMF3_DATA = 15;
const TYPE_AMF0_DATA = 18;

/** The `onMetaData` script of a publish, ready to be an FLV script tag body. */
export interface FlvMetadata {
  /** AMF0 `"onMetaData" {...}` (RTMP's `@setDataFrame` wrapper removed). A view: copy before keeping. */
  tagBody: Buffer;
  values: Record<string, unknown>;
}

/**
 * Encoders send metadata as `@setDataFrame "onMetaData" {...}` (AMF0, or AMF3 data with a
 * leading format byte); an FLV file carries `"onMetaData" {...}`. Anything else (cue points,
 * text data) is undefined: such tags would become extra streams in FFmpeg's FLV demuxer.
 */
export function flvMetadataOf(packet: AVPacket): FlvMetadata | undefined {
  if (packet.codec_type !== TYPE_AMF0_DATA && packet.codec_type !== TYPE_AMF3_DATA) return undefined;
  let body = packet.data.subarray(packet.codec_type === TYPE_AMF3_DATA ? 1 : 0, packet.size);
  if (amf0StringAt(body, 0) === '@setDataFrame') body = body.subarray(3 + '@setDataFrame'.length);
  if (amf0StringAt(body, 0) !== 'onMetaData') return undefined;
  let decoded: ReturnType<typeof decodeAmf0Data>;
  try {
    decoded = decodeAmf0Data(body);
  } catch {
    return undefined; // malformed values: the tag is dropped, the publish goes on
  }
  const values = decoded.dataObj;
  if (typeof values !== 'object' || values === null) return undefined;
  return { tagBody: body, values: values as Record<string, unknown> };
}

function amf0StringAt(bytes: Buffer, offset: number): string | undefined {
  if (bytes.length < offset + 3 || bytes[offset] !== AMF0_STRING) return undefined;
  const length = bytes.readUInt16BE(offset + 1);
  if (bytes.length < offset + 3 + length) return undefined;
  return bytes.toString('latin1', offset + 3, offset + 3 + length);
}
