import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAssetStore } from './asset-store.ts';
import { openDatabase } from './open-database.ts';
import { SqliteStreamStore } from './stream-store.ts';

const scratch = mkdtempSync(join(tmpdir(), 'tw-assets-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const store = () => new SqliteAssetStore({ db: openDatabase(':memory:') });
const session = (streamName: string, startedAt: string, streamId = `str_${streamName}`) => ({
  streamId,
  streamName,
  startedAt,
});

describe('SqliteAssetStore', () => {
  test('a new asset is recording, with an ast_ id and a path derived from it', () => {
    const assets = store();
    const asset = assets.create(session('main', '2025-01-01T12:00:00.000Z'));
    expect(asset.id).toMatch(/^ast_[A-Za-z0-9_-]{12}$/);
    expect(asset).toEqual({
      id: asset.id,
      streamId: 'str_main',
      streamName: 'main',
      state: 'recording',
      startedAt: '2025-01-01T12:00:00.000Z',
      endedAt: null,
      durationSeconds: 0,
      bytes: 0,
      segmentCount: 0,
      path: `recordings/${asset.id}`,
      failureReason: null,
    });
    expect(assets.get(asset.id)).toEqual(asset);
    expect(assets.get('ast_nonexistent0')).toBeUndefined();
  });

  test('update changes only the fields given and survives a reopen of the same file', () => {
    const path = join(scratch, 'reopen.db');
    const first = new SqliteAssetStore({ db: openDatabase(path) });
    const asset = first.create(session('main', '2025-01-01T12:00:00.000Z'));
    first.update(asset.id, { durationSeconds: 4.2, bytes: 1000, segmentCount: 2 });
    const ready = first.update(asset.id, { state: 'ready', endedAt: '2025-01-01T12:00:05.000Z' });
    expect(ready).toMatchObject({ state: 'ready', durationSeconds: 4.2, bytes: 1000, segmentCount: 2 });
    const reopened = new SqliteAssetStore({ db: openDatabase(path) });
    expect(reopened.get(asset.id)).toEqual(ready as never);
    expect(first.update('ast_nonexistent0', { state: 'failed' })).toBeUndefined();
  });

  test('the state column refuses values outside recording | ready | failed', () => {
    const assets = store();
    const asset = assets.create(session('main', '2025-01-01T12:00:00.000Z'));
    expect(() => assets.update(asset.id, { state: 'done' as never })).toThrow(/CHECK/);
    expect(assets.get(asset.id)?.state).toBe('recording');
  });

  test('list pages newest first and filters by stream id, name (any case) and state', () => {
    const assets = store();
    const a1 = assets.create(session('alpha', '2025-01-01T10:00:00.000Z'));
    const b1 = assets.create(session('beta', '2025-01-01T11:00:00.000Z'));
    const a2 = assets.create(session('alpha', '2025-01-01T12:00:00.000Z'));
    assets.update(a1.id, { state: 'ready' });
    const ids = (page: { items: { id: string }[] }) => page.items.map((a) => a.id);
    expect(ids(assets.list({ limit: 10, offset: 0 }))).toEqual([a2.id, b1.id, a1.id]);
    const paged = assets.list({ limit: 1, offset: 1 });
    expect({ ids: ids(paged), total: paged.total }).toEqual({ ids: [b1.id], total: 3 });
    expect(ids(assets.list({ limit: 10, offset: 0, streamId: 'str_alpha' }))).toEqual([a2.id, a1.id]);
    expect(ids(assets.list({ limit: 10, offset: 0, streamName: 'ALPHA' }))).toEqual([a2.id, a1.id]);
    expect(ids(assets.list({ limit: 10, offset: 0, state: 'recording' }))).toEqual([a2.id, b1.id]);
    expect(assets.list({ limit: 10, offset: 0, streamName: "x' OR 1=1 --" }).total).toBe(0);
  });

  test('delete removes the row once', () => {
    const assets = store();
    const asset = assets.create(session('main', '2025-01-01T12:00:00.000Z'));
    expect(assets.delete(asset.id)).toBe(true);
    expect(assets.delete(asset.id)).toBe(false);
    expect(assets.get(asset.id)).toBeUndefined();
  });
});

describe('streams.record (migration 3)', () => {
  test('defaults to false, is set on create and changed by update', () => {
    const streams = new SqliteStreamStore({ db: openDatabase(':memory:'), udpPortRange: { min: 1, max: 9 } });
    const base = { enabled: true, partTargetSeconds: 0.2, segmentTargetSeconds: 2 };
    expect(streams.create({ ...base, name: 'plain' }).record).toBe(false);
    const recorded = streams.create({ ...base, name: 'recorded', record: true });
    expect(recorded.record).toBe(true);
    expect(streams.update(recorded.id, { record: false })?.record).toBe(false);
    // Other changes keep the flag as it is.
    streams.update(recorded.id, { record: true });
    expect(streams.update(recorded.id, { enabled: false })?.record).toBe(true);
  });
});
