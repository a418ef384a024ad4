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
  createdAt: string;
  updatedAt: string;
}

export type StreamPatch = Partial<
  Pick<StreamRecord, 'name' | 'enabled' | 'partTargetSeconds' | 'segmentTargetSeconds'>
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
