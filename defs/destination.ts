export const destinationProtocols = ['rtmp', 'rtmps', 'srt', 'udp', 'rtsp'] as const;
export type DestinationProtocol = (typeof destinationProtocols)[number];

/** Re-encode instead of copying: for targets that need a lower bitrate or size than the source. */
export interface DestinationEncode {
  videoBitrateKbps: number;
  /** Scale down to at most this height (never up); width keeps the aspect ratio. */
  maxHeight?: number;
  /** Absent: audio is copied. */
  audioBitrateKbps?: number;
}

/** A restream target of one stream (persisted). The URL may embed a secret key. */
export interface DestinationRecord {
  id: string;
  streamId: string;
  name: string;
  url: string;
  enabled: boolean;
  /** null: codecs copied. */
  encode: DestinationEncode | null;
  /** FFmpeg sessions that may fail in a row before the destination gives up; 0 = retry forever. */
  maxAttempts: number;
  createdAt: string;
  updatedAt: string;
}

export interface NewDestination {
  streamId: string;
  name: string;
  url: string;
  enabled?: boolean;
  encode?: DestinationEncode | null;
  maxAttempts?: number;
}

export type DestinationPatch = Partial<
  Pick<DestinationRecord, 'name' | 'url' | 'enabled' | 'encode' | 'maxAttempts'>
>;

/**
 * A restream destination's state: a loop with explicit state (restream/restream-destination.ts).
 *
 *   idle ─start()─> connecting ─bytes flow out─> live
 *                     ^   │                        │ nothing out for a while (still running)
 *                     │   └───── FFmpeg exited ────┴──> retrying ─backoff─> connecting ...
 *                     │                                   └─ attempts used up ─> failed
 *   stop() from any state: stopped (no retry)    the stream ended: idle
 */
export const restreamStates = ['idle', 'connecting', 'live', 'retrying', 'failed', 'stopped'] as const;
export type RestreamState = (typeof restreamStates)[number];

/** A running destination's snapshot (restream/): plain JSON, secrets masked. */
export interface RestreamDestinationStatus {
  id: string;
  streamId: string | null;
  url: string;
  protocol: DestinationProtocol;
  state: RestreamState;
  /** When the current state began (ISO 8601). */
  since: string;
  reason: string;
  lastError: string | null;
  lastErrorAt: string | null;
  /** Milliseconds in the current live run (0 unless live). */
  uptimeMs: number;
  /** New FFmpeg sessions after the first since the last start(). */
  reconnects: number;
  /** Bytes offered by the stream's fan-out. */
  bytesIn: number;
  /** Bytes handed to FFmpeg's stdin (after the keyframe gate), all sessions. */
  bytesFed: number;
  /** Bytes FFmpeg's muxer pushed out, all sessions. null for RTSP: its muxer reports no size. */
  bytesOut: number | null;
  /** Output over the last seconds, kbit/s (null for RTSP, as bytesOut). */
  bitrateKbps: number | null;
  /** Bytes refused because FFmpeg had fallen behind by the bound (then it waits for a keyframe). */
  droppedBytes: number;
  droppedChunks: number;
  /** Bytes not fed because no FFmpeg ran or it waited for a keyframe. */
  skippedBytes: number;
  /** Bytes waiting for FFmpeg to read them (at most the bound). */
  pendingBytes: number;
  pid: number | null;
}

/**
 * The part of it the operator API shows as a destination's `status`
 * (origin/api/destination-schemas.ts) and the console reads.
 */
export type DestinationStatusView = Pick<
  RestreamDestinationStatus,
  | 'state'
  | 'since'
  | 'reason'
  | 'lastError'
  | 'lastErrorAt'
  | 'uptimeMs'
  | 'reconnects'
  | 'bytesIn'
  | 'bytesOut'
  | 'bitrateKbps'
  | 'droppedBytes'
  | 'pendingBytes'
>;

export type RestreamLogLevel = 'info' | 'warn' | 'error';

/** One line of a destination's recent log (API and console). */
export interface RestreamLogEntry {
  at: string;
  level: RestreamLogLevel;
  message: string;
}
