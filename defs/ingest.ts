/**
 * The ingest contract: every listener (RTMP, SRT, UDP, MediaMTX hooks, pull sources)
 * turns a publisher into bytes of one container and hands them to a PublishGate,
 * which authorises the stream key and owns "one publisher per stream".
 *
 *   encoder ──protocol──> listener ──authorize/open──> PublishGate ──IngestFeed.write──> packager
 */

export type IngestProtocol = 'rtmp' | 'rtmps' | 'srt' | 'udp' | 'pull' | 'mediamtx';

/** What the feed's bytes are: FLV tags (RTMP) or MPEG-TS packets (SRT, UDP). */
export type IngestContainer = 'flv' | 'mpegts';

export interface PublishRequest {
  protocol: IngestProtocol;
  /** The key the encoder presented (RTMP stream name, SRT stream id's resource). Secret: never log it unmasked. */
  streamKey: string;
  /** `ip:port` of the publisher, for logs, per-IP limits and the API. */
  remoteAddress: string;
}

/** Per-stream settings a listener needs while the handshake is still open. */
export interface AuthorizedStream {
  streamId: string;
  streamName: string;
  /** SRT: the passphrase the publisher must encrypt with (AES), when the stream has one. */
  srtPassphrase?: string;
  /** SRT: receiver latency in milliseconds. */
  srtLatencyMs: number;
}

export type AuthorizeResult =
  | { ok: true; stream: AuthorizedStream }
  /** 401: unknown key; 403: stream disabled; 409: a publisher is live and the stream refuses takeover. */
  | { ok: false; status: 401 | 403 | 409; reason: string };

/** Protocol statistics a listener samples for its publisher (SRT: RTT, loss...). Plain numbers only. */
export type ProtocolStats = Record<string, number>;

/** One publisher's byte stream into the origin, handed out by PublishGate.open. */
export interface IngestFeed {
  readonly stream: AuthorizedStream;
  /**
   * Media bytes in the container named at open. Returns false when the feed will take
   * no more (closed by the origin, or its backlog is over the bound): drop the publisher.
   */
  write(bytes: Uint8Array): boolean;
  /** Latest protocol statistics; replaces the previous sample. */
  reportStats(stats: ProtocolStats): void;
  /** The publisher is gone (disconnect, timeout, bad data). Idempotent. */
  end(reason: string): void;
  /**
   * Called once when the origin closes the feed (another publisher took over, the stream
   * was disabled or deleted, shutdown): the listener disconnects the publisher.
   */
  onClose(listener: (reason: string) => void): void;
}

export type OpenResult =
  | { ok: true; feed: IngestFeed }
  | { ok: false; status: 401 | 403 | 409; reason: string };

/** Port: where every ingest listener takes its publishers. */
export interface PublishGate {
  /** Check a key without taking the stream (during a handshake, before media flows). */
  authorize(request: PublishRequest): AuthorizeResult;
  /** Authorise and take the stream for this publisher. */
  open(request: PublishRequest & { container: IngestContainer }): OpenResult;
}
