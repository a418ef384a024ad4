export const destinationProtocols = ['rtmp', 'rtmps', 'srt', 'udp', 'rtsp'] as const;
export type DestinationProtocol = (typeof destinationProtocols)[number];

/** A restream target of one stream (persisted). The URL may embed a secret key. */
export interface DestinationRecord {
  id: string;
  streamId: string;
  name: string;
  url: string;
  enabled: boolean;
  createdAt: string;
}
