/**
 * A stream's live status as the operator API (`GET /api/v1/streams/{id}/status`), the
 * periodic events of `/api/v1/events` and the console all read it: one definition, so the
 * browser console and the origin cannot drift apart.
 */
import type { IngestProtocol, ProtocolStats } from './ingest.ts';

/** live: a publisher sends; reconnecting: it left and the stream waits for it; offline: neither. */
export type IngestState = 'live' | 'reconnecting' | 'offline';

/** What the operator sees of a stream's publisher (API, metrics, console). */
export interface IngestStatus {
  state: IngestState;
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

/**
 * Viewers per protocol: an estimate. A viewer is a (client address, User-Agent) pair that
 * asked for one of the stream's playlists (HLS) or its MPD (DASH) within the last 10 s,
 * so viewers behind one NAT or proxy with the same browser count once.
 */
export interface ViewerCounts {
  hls: number;
  dash: number;
}

/** What the origin adds before media is playable, and how far behind the edge players sit. */
export interface OriginLatency {
  /**
   * Median over the last ~10 s of the time from a part's last byte leaving FFmpeg to the
   * part being available to viewers, milliseconds; null without recent parts.
   */
  partPublishMs: number | null;
  /**
   * Now minus the program date-time at the end of the newest available part, ms: how old
   * the freshest media a viewer can get is (FFmpeg's wall clock from `prft`, so it includes
   * the encoder's and muxer's delay). Null while no media exists.
   */
  edgeAgeMs: number | null;
  /** The PART-HOLD-BACK the playlists advertise, seconds: where a low-latency player sits. */
  partHoldBackSeconds: number | null;
}

/** What the media looks like once packaged: read from the init segments and the live timeline. */
export interface MediaStatus {
  live: boolean;
  videoCodec: string | null;
  audioCodec: string | null;
  width: number | null;
  height: number | null;
  frameRate: number | null;
  keyframeIntervalSeconds: number | null;
  /** Average media bitrate over the playlist window, kilobits per second. */
  bitrateKbps: number;
  audioSampleRate: number | null;
  audioChannels: number | null;
  partTargetSeconds: number | null;
  partsProduced: number;
  /** `copy` in passthrough; else the ladder's encoder (a hardware one, or libx264). */
  encoder: string;
  /** Why that encoder: the hardware encoders FFmpeg lists and why each was not used. */
  encoderReason: string | null;
  /** Video renditions (track ids), best first. */
  renditions: string[];
  viewers: ViewerCounts;
  latency: OriginLatency;
}

export interface StreamStatus {
  ingest: IngestStatus;
  media: MediaStatus;
}

/** `ingest.stats` on the event socket: every few seconds per stream with a publisher. */
export interface IngestStatsEvent {
  streamId: string;
  name: string;
  status: IngestStatus;
}

/** `media.stats` on the event socket: every few seconds per stream being packaged (viewers, latency...). */
export interface MediaStatsEvent {
  streamId: string;
  name: string;
  media: MediaStatus;
}
