import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AssetRecord } from '../../defs/asset.ts';
import type { AssetStore } from '../../defs/ports.ts';
import { assetPath } from '../../state/sqlite/asset-store.ts';

/**
 * Deletes a recording: its files, then its record (a crash in between leaves a record
 * without files, which the next delete clears, never files without a record). The
 * directory comes from the id, never from a stored path. Not for a `recording` asset.
 */
export async function removeAsset(
  options: { assets: Pick<AssetStore, 'delete'>; dataDir: string },
  asset: Pick<AssetRecord, 'id'>,
): Promise<void> {
  await rm(join(options.dataDir, assetPath(asset.id)), { recursive: true, force: true });
  options.assets.delete(asset.id);
}
