/**
 * Test support: hand-made RTMP client bytes, to say exactly what a hostile or broken peer
 * sends (a real encoder never would).
 *
 *   C0 (0x03) C1 (1536) | S0 S1 S2 from the server | C2 (1536) | chunks...
 *   chunk (fmt 0): basic header (fmt<<6 | cid) | timestamp(3) length(3) type(1) streamId(4 LE) | payload
 */
import { encodeAmf0Cmd } from 'node-media-server/src/protocol/amf.js';

export const HANDSHAKE_SIZE = 1536;

export function c0c1(): Buffer {
  return Buffer.concat([Buffer.from([3]), Buffer.alloc(HANDSHAKE_SIZE)]);
}

export function c2(): Buffer {
  return Buffer.alloc(HANDSHAKE_SIZE);
}

/** One message as chunks of `chunkSize` (fmt 0, then fmt 3 continuations). `length` may lie. */
export function chunkedMessage(message: {
  cid: number;
  type: number;
  payload: Buffer;
  streamId?: number;
  timestamp?: number;
  length?: number;
  chunkSize?: number;
}): Buffer {
  const { cid, type, payload, streamId = 0, timestamp = 0, chunkSize = 128 } = message;
  const header = Buffer.alloc(12);
  header[0] = cid & 0x3f;
  header.writeUIntBE(timestamp, 1, 3);
  header.writeUIntBE(message.length ?? payload.length, 4, 3);
  header[7] = type;
  header.writeUInt32LE(streamId, 8);
  const parts: Buffer[] = [header];
  for (let offset = 0; offset < payload.length; offset += chunkSize) {
    if (offset > 0) parts.push(Buffer.from([0xc0 | (cid & 0x3f)]));
    parts.push(payload.subarray(offset, offset + chunkSize));
  }
  return Buffer.concat(parts);
}

export function command(fields: Record<string, unknown>, streamId = 0): Buffer {
  return chunkedMessage({ cid: 3, type: 20, payload: encodeAmf0Cmd(fields), streamId });
}

export function connectCommand(app: string): Buffer {
  return command({ cmd: 'connect', transId: 1, cmdObj: { app, tcUrl: `rtmp://127.0.0.1/${app}` } });
}

export function publishCommand(streamKey: string, streamId = 1): Buffer {
  return command({ cmd: 'publish', transId: 0, cmdObj: null, streamName: streamKey, type: 'live' }, streamId);
}

export function setChunkSize(size: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt32BE(size >>> 0);
  return chunkedMessage({ cid: 2, type: 1, payload });
}
