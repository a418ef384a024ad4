/**
 * The shapes of the operator API's answers the console reads (origin/api/*-schemas.ts).
 * Written out here because player/ may not import origin/: the e2e test keeps them honest.
 * A stream's live status and a destination's status are not restated: they are
 * defs/stream-status.ts and defs/destination.ts, the origin's own.
 */
import type { DestinationProtocol, DestinationStatusView, RestreamLogEntry } from '../../defs/destination.ts';

export type KeyScope = 'admin' | 'read';

export interface StreamView {
  id: string;
  name: string;
  streamKey: string;
  enabled: boolean;
  udpPort: number;
  record: boolean;
  ladder: { shortSide: number; videoBitrateKbps?: number }[] | null;
  dvrWindowSeconds: number | null;
  publisherPolicy: 'reject' | 'takeover';
  srtLatencyMs: number;
  sourceUrl: string | null;
  createdAt: string;
  updatedAt: string;
  ingest: { rtmp: string; srt: string; udp: string; obs: { server: string; streamKey: string } };
  playback: { hls: string; dash: string; player: string };
}

export interface StreamPage {
  items: StreamView[];
  total: number;
  limit: number;
  offset: number;
}

export interface DestinationView {
  id: string;
  streamId: string;
  name: string;
  url: string;
  protocol: DestinationProtocol;
  enabled: boolean;
  maxAttempts: number;
  createdAt: string;
  updatedAt: string;
  status: DestinationStatusView;
}

export interface DestinationLogView {
  entries: RestreamLogEntry[];
  ffmpeg: string[];
}

export interface DestinationPreset {
  id: string;
  label: string;
  ingestUrl: string;
}
