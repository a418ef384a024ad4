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
