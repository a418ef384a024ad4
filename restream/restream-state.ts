/**
 * What a restream destination tells the outside: its state, why, and its numbers.
 *
 *   idle ─start()─> connecting ─bytes flow out─> live
 *                     ^   │                        │ nothing out for a while (still running)
 *                     │   └───── FFmpeg exited ────┴──> retrying ─backoff─> connecting ...
 *                     │                                   └─ attempts used up ─> failed
 *   stop() from any state: stopped (no retry)    the stream ended: idle
 */
import type { DestinationProtocol } from '../defs/destination.ts';

export const restreamStates = ['idle', 'connecting', 'live', 'retrying', 'failed', 'stopped'] as const;
export type RestreamState = (typeof restreamStates)[number];

export type RestreamLogLevel = 'info' | 'warn' | 'error';

/** The narrow logger port (the origin passes its pino logger's methods through it). */
export type RestreamLog = (level: RestreamLogLevel, msg: string, fields?: Record<string, unknown>) => void;

/** Passed with every state change; every string in it is masked. */
export interface RestreamStateInfo {
  destinationId: string;
  streamId: string | undefined;
  /** The destination URL with its key masked. */
  url: string;
  /** Why the state changed, for people. */
  reason: string;
  lastError: string | null;
  /** FFmpeg sessions since the last start(); reconnects = sessions - 1. */
  sessions: number;
}

export interface RestreamLogEntry {
  at: string;
  level: RestreamLogLevel;
  message: string;
}

/** A destination's snapshot for the API: plain JSON, secrets masked. */
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
