import { afterAll, expect, test } from 'bun:test';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assetPath, SqliteAssetStore } from '../../state/sqlite/asset-store.ts';
import { openDatabase } from '../../state/sqlite/open-database.ts';
import { RecordingRetention } from './recording-retention.ts';

const scratch = mkdtempSync(join(tmpdir(), 'tw-retention-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-30T00:00:00Z');

/** A store with recordings that ended `daysAgo` days before NOW, each with a file on disk. */
function recordings(
  dataDir: string,
  specs: { daysAgo: number; bytes: number; state?: 'ready' | 'failed' | 'recording' }[],
) {
  const assets = new SqliteAssetStore({ db: openDatabase(':memory:') });
  const ids = specs.map((spec, i) => {
    const at = new Date(NOW - spec.daysAgo * DAY).toISOString();
    const asset = assets.create({ streamId: 'str_x', streamName: `s${i}`, startedAt: at });
    if (spec.state === 'recording') assets.update(asset.id, { bytes: spec.bytes });
    else assets.update(asset.id, { state: spec.state ?? 'ready', endedAt: at, bytes: spec.bytes });
    const dir = join(dataDir, assetPath(asset.id));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.m3u8'), '#EXTM3U\n');
    return asset.id;
  });
  const onDisk = (id: string) => existsSync(join(dataDir, assetPath(id)));
  return { assets, ids, onDisk };
}

test('recordings older than the retention go, files and records; newer ones and one still recording stay', async () => {
  const dataDir = mkdtempSync(join(scratch, 'age-'));
  const { assets, ids, onDisk } = recordings(dataDir, [
    { daysAgo: 40, bytes: 10 },
    { daysAgo: 31, bytes: 10, state: 'failed' },
    { daysAgo: 29, bytes: 10 },
    { daysAgo: 60, bytes: 0, state: 'recording' },
  ]);
  const retention = new RecordingRetention({
    assets,
    dataDir,
    retentionMs: 30 * DAY,
    maxTotalBytes: 0,
    intervalMs: 60_000,
    now: () => NOW,
  });
  const [forty, thirtyOne, twentyNine, recording] = ids as [string, string, string, string];
  expect(new Set(await retention.sweep())).toEqual(new Set([forty, thirtyOne]));
  expect([forty, thirtyOne].map(onDisk)).toEqual([false, false]);
  expect(assets.get(forty)).toBeUndefined();
  expect([twentyNine, recording].map(onDisk)).toEqual([true, true]);
  expect(assets.get(recording)?.state).toBe('recording');
  expect(await retention.sweep()).toEqual([]);
});

test('over the disk budget the oldest finished recordings go first, until the rest fit', async () => {
  const dataDir = mkdtempSync(join(scratch, 'budget-'));
  const { assets, ids, onDisk } = recordings(dataDir, [
    { daysAgo: 3, bytes: 400 },
    { daysAgo: 1, bytes: 400 },
    { daysAgo: 2, bytes: 400 },
    { daysAgo: 0, bytes: 300, state: 'recording' },
  ]);
  const retention = new RecordingRetention({
    assets,
    dataDir,
    retentionMs: 0,
    maxTotalBytes: 1000,
    intervalMs: 60_000,
    now: () => NOW,
  });
  const [oldest, newest, middle] = ids as [string, string, string];
  // 1500 bytes: dropping the oldest leaves 1100, the next oldest 700
  expect(await retention.sweep()).toEqual([oldest, middle]);
  expect([oldest, middle, newest].map(onDisk)).toEqual([false, false, true]);
  expect(retention.enabled).toBe(true);
  expect(
    new RecordingRetention({ assets, dataDir, retentionMs: 0, maxTotalBytes: 0, intervalMs: 1 }).enabled,
  ).toBe(false);
});
