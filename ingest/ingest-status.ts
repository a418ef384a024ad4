import type { IngestProtocol, ProtocolStats } from '../defs/ingest.ts';

/** What the operator sees of a stream's publisher (API, metrics, console). */
export interface IngestStatus {
  /** live: a publisher sends; reconnecting: it left and the stream waits for it; offline: neither. */
  state: 'live' | 'reconnecting' | 'offline';
  protocol: IngestProtocol | null;
  remoteAddress: string | null;
  connectedAt: string | null;
  lastPacketAt: string | null;
  bytesReceived: number;
  /** Receive rate over the last few seconds, kilobits per second. */
  bitrateKbps: number;
  /** Publishers that continued the stream after a drop or took it over. */
  reconnects: number;
  /** Protocol statistics (SRT: RTT, loss, retransmissions...). */
  protocolStats: ProtocolStats;
}

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
