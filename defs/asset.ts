import type { Page } from './stream.ts';

/** `recording` while the stream is live; `ready` once its VOD manifests are written; `failed` with a reason. */
export const assetStates = ['recording', 'ready', 'failed'] as const;
export type AssetState = (typeof assetStates)[number];

/** A recorded live session (persisted): a VOD asset once the stream ends. */
export interface AssetRecord {
  /** `ast_` plus 12 URL-safe characters. */
  id: string;
  streamId: string;
  /** The stream's name when it was recorded (the stream may be renamed or deleted later). */
  streamName: string;
  state: AssetState;
  startedAt: string;
  endedAt: string | null;
  /** Media seconds recorded (the leading track's segments). */
  durationSeconds: number;
  /** Bytes of media on disk (segments and initialisation sections of every track). */
  bytes: number;
  /** Segments of the leading track. */
  segmentCount: number;
  /** The asset's directory, relative to the data directory (`recordings/<id>`). */
  path: string;
  /** Why a `failed` asset failed; null otherwise. */
  failureReason: string | null;
}

export interface NewAsset {
  streamId: string;
  streamName: string;
  startedAt: string;
}

export type AssetPatch = Partial<
  Pick<AssetRecord, 'state' | 'endedAt' | 'durationSeconds' | 'bytes' | 'segmentCount' | 'failureReason'>
>;

export interface AssetListQuery {
  limit: number;
  offset: number;
  streamId?: string;
  /** Exact stream name, case-insensitive. */
  streamName?: string;
  state?: AssetState;
}

export type AssetPage = Page<AssetRecord>;
