import { libsrt } from './libsrt.ts';

/**
 * A receiver's SRT statistics, sampled with srt_bistats into SRT_TRACEBSTATS
 * (struct CBytePerfMon, srt.h 1.5). The struct is laid out here in declaration order
 * with C's natural alignment; fields are only ever appended to it, so a prefix up to
 * the last field we read is enough, and the buffer is sized well past the whole struct.
 */
const layout = [
  ['msTimeStamp', 'i64'],
  ['pktSentTotal', 'i64'],
  ['pktRecvTotal', 'i64'],
  ['pktSndLossTotal', 'i32'],
  ['pktRcvLossTotal', 'i32'],
  ['pktRetransTotal', 'i32'],
  ['pktSentACKTotal', 'i32'],
  ['pktRecvACKTotal', 'i32'],
  ['pktSentNAKTotal', 'i32'],
  ['pktRecvNAKTotal', 'i32'],
  ['usSndDurationTotal', 'i64'],
  ['pktSndDropTotal', 'i32'],
  ['pktRcvDropTotal', 'i32'],
  ['pktRcvUndecryptTotal', 'i32'],
  ['byteSentTotal', 'u64'],
  ['byteRecvTotal', 'u64'],
  ['byteRcvLossTotal', 'u64'],
  ['byteRetransTotal', 'u64'],
  ['byteSndDropTotal', 'u64'],
  ['byteRcvDropTotal', 'u64'],
  ['byteRcvUndecryptTotal', 'u64'],
  ['pktSent', 'i64'],
  ['pktRecv', 'i64'],
  ['pktSndLoss', 'i32'],
  ['pktRcvLoss', 'i32'],
  ['pktRetrans', 'i32'],
  ['pktRcvRetrans', 'i32'],
  ['pktSentACK', 'i32'],
  ['pktRecvACK', 'i32'],
  ['pktSentNAK', 'i32'],
  ['pktRecvNAK', 'i32'],
  ['mbpsSendRate', 'f64'],
  ['mbpsRecvRate', 'f64'],
  ['usSndDuration', 'i64'],
  ['pktReorderDistance', 'i32'],
  ['pktRcvAvgBelatedTime', 'f64'],
  ['pktRcvBelated', 'i64'],
  ['pktSndDrop', 'i32'],
  ['pktRcvDrop', 'i32'],
  ['pktRcvUndecrypt', 'i32'],
  ['byteSent', 'u64'],
  ['byteRecv', 'u64'],
  ['byteRcvLoss', 'u64'],
  ['byteRetrans', 'u64'],
  ['byteSndDrop', 'u64'],
  ['byteRcvDrop', 'u64'],
  ['byteRcvUndecrypt', 'u64'],
  ['usPktSndPeriod', 'f64'],
  ['pktFlowWindow', 'i32'],
  ['pktCongestionWindow', 'i32'],
  ['pktFlightSize', 'i32'],
  ['msRTT', 'f64'],
  ['mbpsBandwidth', 'f64'],
  ['byteAvailSndBuf', 'i32'],
  ['byteAvailRcvBuf', 'i32'],
  ['mbpsMaxBW', 'f64'],
  ['byteMSS', 'i32'],
  ['pktSndBuf', 'i32'],
  ['byteSndBuf', 'i32'],
  ['msSndBuf', 'i32'],
  ['msSndTsbPdDelay', 'i32'],
  ['pktRcvBuf', 'i32'],
  ['byteRcvBuf', 'i32'],
  ['msRcvBuf', 'i32'],
  ['msRcvTsbPdDelay', 'i32'],
] as const;

type CField = (typeof layout)[number][0];
type CType = (typeof layout)[number][1];

const sizes: Record<CType, number> = { i32: 4, i64: 8, u64: 8, f64: 8 };

const offsets = (() => {
  const table = {} as Record<CField, { offset: number; type: CType }>;
  let offset = 0;
  for (const [name, type] of layout) {
    const size = sizes[type];
    offset = Math.ceil(offset / size) * size;
    table[name] = { offset, type };
    offset += size;
  }
  return table;
})();

/** The whole struct is under 600 bytes in 1.5; the slack covers later appended fields. */
const STATS_BUFFER_SIZE = 2048;

/** What SRT ingest reports per publisher (IngestFeed.reportStats). A type, so it is a ProtocolStats. */
export type SrtStats = {
  /** Smoothed round-trip time. */
  rttMs: number;
  /** Data packets received since connect, retransmissions included. */
  packetsReceived: number;
  /** Packets detected missing (each later recovered or dropped). */
  packetsLost: number;
  /** Retransmitted packets that arrived. */
  packetsRetransmitted: number;
  /** Packets given up on: too late to play (the stream has a gap). */
  packetsDropped: number;
  /** Packets that could not be decrypted (key mismatch). */
  packetsUndecrypted: number;
  bytesReceived: number;
  /** Receive rate over the last sample interval. */
  receiveRateMbps: number;
  /** Media waiting in libsrt's receive buffer, in ms. */
  receiveBufferMs: number;
  /** Negotiated receiver (TSBPD) latency. */
  latencyMs: number;
  /** Link capacity estimate. */
  bandwidthMbps: number;
};

export type SrtStatsField = keyof SrtStats;

export const SRT_STATS_FIELDS = [
  'rttMs',
  'packetsReceived',
  'packetsLost',
  'packetsRetransmitted',
  'packetsDropped',
  'packetsUndecrypted',
  'bytesReceived',
  'receiveRateMbps',
  'receiveBufferMs',
  'latencyMs',
  'bandwidthMbps',
] as const satisfies readonly SrtStatsField[];

/**
 * Samples one socket. Interval counters are cleared at each sample (so the rate covers
 * the last interval); `retransmittedSoFar` carries the one total libsrt keeps only per
 * interval. Undefined when the socket is gone.
 */
export class SrtStatsSampler {
  readonly #buffer = new Uint8Array(STATS_BUFFER_SIZE);
  readonly #view = new DataView(this.#buffer.buffer);
  #retransmitted = 0;
  /** The maximum segment size libsrt reported: 1500 on Ethernet, a check that the layout is right. */
  mss = 0;

  sample(sock: number): SrtStats | undefined {
    if (libsrt().srt_bistats(sock, this.#buffer, 1, 1) !== 0) return undefined;
    this.#retransmitted += this.#read('pktRcvRetrans');
    this.mss = this.#read('byteMSS');
    return {
      rttMs: this.#read('msRTT'),
      packetsReceived: this.#read('pktRecvTotal'),
      packetsLost: this.#read('pktRcvLossTotal'),
      packetsRetransmitted: this.#retransmitted,
      packetsDropped: this.#read('pktRcvDropTotal'),
      packetsUndecrypted: this.#read('pktRcvUndecryptTotal'),
      bytesReceived: this.#read('byteRecvTotal'),
      receiveRateMbps: this.#read('mbpsRecvRate'),
      receiveBufferMs: this.#read('msRcvBuf'),
      latencyMs: this.#read('msRcvTsbPdDelay'),
      bandwidthMbps: this.#read('mbpsBandwidth'),
    };
  }

  #read(field: CField): number {
    const { offset, type } = offsets[field];
    switch (type) {
      case 'i32':
        return this.#view.getInt32(offset, true);
      case 'i64':
        return Number(this.#view.getBigInt64(offset, true));
      case 'u64':
        return Number(this.#view.getBigUint64(offset, true));
      case 'f64':
        return this.#view.getFloat64(offset, true);
    }
  }
}
