import type { AssetRecord } from '../../defs/asset.ts';
import type { AssetStore } from '../../defs/ports.ts';
import { removeAsset } from './remove-asset.ts';

export interface RecordingRetentionOptions {
  assets: AssetStore;
  dataDir: string;
  /** Finished recordings older than this (by their end) are deleted; 0: no age limit. */
  retentionMs: number;
  /** Above this total, the oldest finished recordings are deleted first; 0: no limit. */
  maxTotalBytes: number;
  intervalMs: number;
  now?: () => number;
  log?: (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>) => void;
}

const PAGE = 200;

/**
 * Keeps recordings within an age and a disk budget, so a 24/7 recorded stream does not
 * fill the disk (and fail its own recording with ENOSPC). Only finished recordings
 * (ready or failed) are deleted, oldest first; one being written never is.
 */
export class RecordingRetention {
  readonly #options: RecordingRetentionOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #sweeping: Promise<string[]> | undefined;

  constructor(options: RecordingRetentionOptions) {
    this.#options = options;
  }

  get enabled(): boolean {
    return this.#options.retentionMs > 0 || this.#options.maxTotalBytes > 0;
  }

  start(): void {
    if (!this.enabled || this.#timer) return;
    void this.sweep();
    this.#timer = setInterval(() => void this.sweep(), this.#options.intervalMs);
  }

  /** Applies both rules once; resolves with the ids deleted. Sweeps never overlap. */
  sweep(): Promise<string[]> {
    this.#sweeping ??= this.#sweepOnce().finally(() => {
      this.#sweeping = undefined;
    });
    return this.#sweeping;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#sweeping;
  }

  async #sweepOnce(): Promise<string[]> {
    const { retentionMs, maxTotalBytes } = this.#options;
    const now = (this.#options.now ?? Date.now)();
    const all = this.#allAssets();
    let total = all.reduce((sum, asset) => sum + asset.bytes, 0);
    const finished = all.filter((asset) => asset.state !== 'recording').sort((a, b) => endOf(a) - endOf(b));
    const deleted: string[] = [];
    for (const asset of finished) {
      const tooOld = retentionMs > 0 && now - endOf(asset) > retentionMs;
      const overBudget = maxTotalBytes > 0 && total > maxTotalBytes;
      if (!tooOld && !overBudget) continue;
      try {
        await removeAsset(this.#options, asset);
      } catch (error) {
        this.#options.log?.('warn', 'recording retention: cannot delete a recording', {
          assetId: asset.id,
          reason: (error as Error).message,
        });
        continue;
      }
      total -= asset.bytes;
      deleted.push(asset.id);
      this.#options.log?.('info', 'recording retention: deleted a recording', {
        assetId: asset.id,
        stream: asset.streamName,
        why: tooOld ? 'older than the retention' : 'over the disk budget',
        bytes: asset.bytes,
      });
    }
    return deleted;
  }

  #allAssets(): AssetRecord[] {
    const all: AssetRecord[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = this.#options.assets.list({ limit: PAGE, offset });
      all.push(...page.items);
      if (page.items.length < PAGE) return all;
    }
  }
}

function endOf(asset: AssetRecord): number {
  return Date.parse(asset.endedAt ?? asset.startedAt);
}
