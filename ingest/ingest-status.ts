import type { IngestStatus } from '../defs/stream-status.ts';

// The shape lives in defs/ (the API and the browser console share it); kept importable from here.
export type { IngestStatus };

export function offlineStatus(): IngestStatus {
  return {
    state: 'offline',
    protocol: null,
    remoteAddress: null,
    connectedAt: null,
    lastPacketAt: null,
    bytesReceived: 0,
    bitrateKbps: 0,
    reconnects: 0,
    protocolStats: {},
  };
}
