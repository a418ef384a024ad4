import { afterAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAssetStore } from '../../state/sqlite/asset-store.ts';
import { openDatabase } from '../../state/sqlite/open-database.ts';
import { vodDelivery } from './vod-delivery.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tw-vod-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const assets = new SqliteAssetStore({ db: openDatabase(':memory:') });
const app = vodDelivery({ assets, dataDir, corsOrigin: '*' });
const segment = new Uint8Array(Array.from({ length: 100 }, (_, i) => i));

function asset(state: 'recording' | 'ready') {
  const record = assets.create({ streamId: 'str_x', streamName: 'x', startedAt: '2025-01-01T00:00:00.000Z' });
  const directory = join(dataDir, record.path);
  mkdirSync(join(directory, 'audio'), { recursive: true });
  writeFileSync(join(directory, 'index.m3u8'), '#EXTM3U\n');
  writeFileSync(join(directory, 'manifest.mpd'), '<MPD/>');
  writeFileSync(join(directory, 'audio', '0.m4s'), segment);
  writeFileSync(join(directory, 'audio', 'journal.jsonl'), '{}\n');
  assets.update(record.id, { state });
  return record.id;
}

describe('vodDelivery', () => {
  test('serves the layout with content types and cache rules', async () => {
    const id = asset('ready');
    const playlist = await app.request(`/${id}/index.m3u8`);
    expect(playlist.status).toBe(200);
    expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(playlist.headers.get('cache-control')).toBe('public, max-age=60');
    expect(await playlist.text()).toBe('#EXTM3U\n');
    expect((await app.request(`/${id}/manifest.mpd`)).headers.get('content-type')).toBe(
      'application/dash+xml',
    );
    const media = await app.request(`/${id}/audio/0.m4s`);
    expect(media.headers.get('content-type')).toBe('audio/mp4');
    expect(media.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(new Uint8Array(await media.arrayBuffer())).toEqual(segment);
    const head = await app.request(`/${id}/audio/0.m4s`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(media.headers.get('etag'));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  test('ranges: one range 206, suffix range, unsatisfiable 416; ETag gives 304', async () => {
    const id = asset('ready');
    const partial = await app.request(`/${id}/audio/0.m4s`, { headers: { range: 'bytes=10-19' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe('bytes 10-19/100');
    expect(new Uint8Array(await partial.arrayBuffer())).toEqual(segment.subarray(10, 20));
    const suffix = await app.request(`/${id}/audio/0.m4s`, { headers: { range: 'bytes=-5' } });
    expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(segment.subarray(95));
    const beyond = await app.request(`/${id}/audio/0.m4s`, { headers: { range: 'bytes=100-' } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */100');
    const etag = partial.headers.get('etag') as string;
    expect((await app.request(`/${id}/audio/0.m4s`, { headers: { 'if-none-match': etag } })).status).toBe(
      304,
    );
  });

  test('nothing but a ready asset’s layout: not ready, unknown, journals, traversal are 404', async () => {
    const recording = asset('recording');
    const ready = asset('ready');
    const refused = await app.request(`/${recording}/index.m3u8`);
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain('not playable (recording)');
    for (const path of [
      `/ast_AbC123dEf456/index.m3u8`,
      `/${ready}/audio/journal.jsonl`,
      `/${ready}/audio/1.m4s`,
      `/${ready}/..%2F..%2Ftidewater.db`,
      `/${ready}/audio/..%2F..%2F..%2Fetc%2Fpasswd`,
      `/..%2F${ready}/index.m3u8`,
      `/${ready}/index.m3u8.tmp`,
    ])
      expect({ path, status: (await app.request(path)).status }).toEqual({ path, status: 404 });
  });
});
