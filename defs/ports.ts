import type { ApiKeyRecord, ApiKeyScope } from './api-key.ts';
import type { AssetListQuery, AssetPatch, AssetRecord, NewAsset } from './asset.ts';
import type { DestinationPatch, DestinationRecord, NewDestination } from './destination.ts';
import type { Page, StreamIngestSettings, StreamListQuery, StreamPatch, StreamRecord } from './stream.ts';

/** Port: time, so tests can drive it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface NewStream extends Partial<StreamIngestSettings> {
  name: string;
  partTargetSeconds: number;
  segmentTargetSeconds: number;
  enabled: boolean;
  /** Record the stream to disk while it is live (default false). */
  record?: boolean;
}

/** Port: persisted streams and their keys. */
export interface StreamStore {
  create(input: NewStream): StreamRecord;
  get(id: string): StreamRecord | undefined;
  findByName(name: string): StreamRecord | undefined;
  findByKey(streamKey: string): StreamRecord | undefined;
  list(query: StreamListQuery): Page<StreamRecord>;
  update(id: string, patch: StreamPatch): StreamRecord | undefined;
  rotateKey(id: string): StreamRecord | undefined;
  delete(id: string): boolean;
}

/** Port: persisted API keys (hashed). */
export interface ApiKeyStore {
  /** Returns the record and the plaintext key, which is shown once and never stored. */
  create(name: string, scope: ApiKeyScope): { record: ApiKeyRecord; key: string };
  list(): ApiKeyRecord[];
  revoke(id: string): ApiKeyRecord | undefined;
  /** Constant-time check of a presented key; undefined when unknown or revoked. */
  verify(presentedKey: string): ApiKeyRecord | undefined;
  count(): number;
}

/** Port: persisted recordings (VOD assets); their media lives on disk under the data directory. */
export interface AssetStore {
  create(input: NewAsset): AssetRecord;
  get(id: string): AssetRecord | undefined;
  list(query: AssetListQuery): Page<AssetRecord>;
  update(id: string, patch: AssetPatch): AssetRecord | undefined;
  delete(id: string): boolean;
}

/** Port: persisted restream destinations; deleting a stream deletes its destinations. */
export interface DestinationStore {
  create(input: NewDestination): DestinationRecord;
  get(id: string): DestinationRecord | undefined;
  /** Oldest first. */
  listByStream(streamId: string): DestinationRecord[];
  /** Ids of the streams that have at least one destination. */
  streamsWithDestinations(): string[];
  update(id: string, patch: DestinationPatch): DestinationRecord | undefined;
  delete(id: string): boolean;
}
