/** MPEG-TS packets are 188 bytes, each starting with the sync byte 0x47 (ISO/IEC 13818-1 §2.4.3.2). */
export const TS_PACKET_SIZE = 188;
const SYNC_BYTE = 0x47;

/**
 * True when a datagram is whole MPEG-TS packets (encoders send 7 × 188 = 1316 bytes).
 * Anything else on an ingest port is noise or an attack: it never reaches FFmpeg.
 */
export function isMpegTsDatagram(datagram: Uint8Array): boolean {
  if (datagram.length === 0 || datagram.length % TS_PACKET_SIZE !== 0) return false;
  for (let offset = 0; offset < datagram.length; offset += TS_PACKET_SIZE) {
    if (datagram[offset] !== SYNC_BYTE) return false;
  }
  return true;
}
