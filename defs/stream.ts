/** A stream as the operator manages it (persisted). Live media state lives elsewhere. */
export interface StreamRecord {
  id: string;
  name: string;
  /** The secret an encoder presents to publish. Never logged; masked where shown. */
  streamKey: string;
  enabled: boolean;
  /** UDP port this stream's MPEG-TS contribution feed is received on. */
  udpPort: number;
  /** LL-HLS part target in seconds (the fMP4 chunk grouping target). */
  partTargetSeconds: number;
  /** Segment target in seconds; segments start at the first keyframe after it. */
  segmentTargetSeconds: number;
  /** A second publisher on a live stream: refused (`reject`) or replaces the first (`takeover`). */
  publisherPolicy: PublisherPolicy;
  /** SRT publishers must encrypt with this passphrase (10-79 characters); null: no encryption required. Secret. */
  srtPassphrase: string | null;
  /** SRT receiver latency in milliseconds (the retransmission window). */
  srtLatencyMs: number;
  /** ABR ladder: the renditions to encode (capped at the source size); null: passthrough. */
  ladder: LadderRung[] | null;
  /** DVR window players may seek back in, seconds; null: the origin's default (media.dvrWindow). */
  dvrWindowSeconds: number | null;
  /** Receive the UDP feed from this IPv4 multicast group (on `udpPort`); null: unicast. */
  udpMulticastGroup: string | null;
  /** A URL the origin pulls instead of waiting for a publisher (RTMP, SRT, RTSP, HLS); null: push only. */
  sourceUrl: string | null;
  /** Write the stream to disk while live; it becomes a VOD asset when it ends. */
  record: boolean;
  createdAt: string;
  updatedAt: string;
}

export type PublisherPolicy = 'reject' | 'takeover';

/** One rendition asked for: its short side in pixels (720 = 720p) and optionally its bitrate. */
export interface LadderRung {
  shortSide: number;
  videoBitrateKbps?: number;
}

/** Ingest settings a stream may be created or changed with. */
export type StreamIngestSettings = Pick<
  StreamRecord,
  | 'publisherPolicy'
  | 'srtPassphrase'
  | 'srtLatencyMs'
  | 'sourceUrl'
  | 'udpMulticastGroup'
  | 'ladder'
  | 'dvrWindowSeconds'
>;

export type StreamPatch = Partial<
  Pick<StreamRecord, 'name' | 'enabled' | 'partTargetSeconds' | 'segmentTargetSeconds'> &
    StreamIngestSettings & { record: boolean }
>;

export interface StreamListQuery {
  limit: number;
  offset: number;
  enabled?: boolean;
  /** Case-insensitive substring of the name. */
  nameContains?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
