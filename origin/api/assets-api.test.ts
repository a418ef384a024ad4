import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { InProcessEventBus } from '../../state/in-process-event-bus.ts';
import { SqliteApiKeyStore } from '../../state/sqlite/api-key-store.ts';
import { SqliteAssetStore } from '../../state/sqlite/asset-store.ts';
import { openDatabase } from '../../state/sqlite/open-database.ts';
import { SqliteStreamStore } from '../../state/sqlite/stream-store.ts';
import { problemResponse } from '../http/problem-response.ts';
import { apiApp } from './api-app.ts';

const scratch = mkdtempSync(join(tmpdir(), 'tw-assets-api-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const adminKey = 'assets-api-admin-key-0123456789';

interface AssetPageJson {
  total: number;
  items: ({ id: string; playback: unknown } & Record<string, unknown>)[];
}
interface OpenApiJson {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
}

function setup() {
  const db = openDatabase(':memory:');
  const dataDir = mkdtempSync(join(scratch, 'data-'));
  const assets = new SqliteAssetStore({ db });
  const apiKeys = new SqliteApiKeyStore({ db });
  const app = new Hono();
  app.onError((error, c) => problemResponse(error, c));
  app.route(
    '/api/v1',
    apiApp({
      streams: new SqliteStreamStore({ db, udpPortRange: { min: 1, max: 9 } }),
      apiKeys,
      events: new InProcessEventBus(),
      urls: { publicBaseUrl: 'https://origin.example', ingestHost: '', rtmpPort: 1935, srtPort: 9000 },
      environmentAdminKey: adminKey,
      bodyLimitBytes: 65_536,
      streamDefaults: { partTargetSeconds: 0.2, segmentTargetSeconds: 2 },
      streamStatus: () => {
        throw new Error('unused');
      },
      version: 'test',
      recordings: { assets, dataDir },
    }),
  );
  const request = (path: string, init: RequestInit & { key?: string } = {}) =>
    app.request(`/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${init.key ?? adminKey}` },
    });
  /** An asset with files on disk, in the given state. */
  const recorded = (streamName: string, startedAt: string, state: 'recording' | 'ready' | 'failed') => {
    const asset = assets.create({ streamId: `str_${streamName.padEnd(12, 'x')}`, streamName, startedAt });
    mkdirSync(join(dataDir, asset.path, 'video'), { recursive: true });
    writeFileSync(join(dataDir, asset.path, 'video', '0.m4s'), 'media');
    return assets.update(asset.id, { state, durationSeconds: 4, bytes: 5, segmentCount: 2 }) ?? asset;
  };
  return { assets, apiKeys, dataDir, request, recorded };
}

describe('/api/v1/assets', () => {
  test('lists newest first, filtered by stream and state, with playback URLs only when ready', async () => {
    const { request, recorded } = setup();
    const old = recorded('alpha', '2025-01-01T10:00:00.000Z', 'ready');
    const failed = recorded('beta', '2025-01-01T11:00:00.000Z', 'failed');
    const current = recorded('alpha', '2025-01-01T12:00:00.000Z', 'recording');
    const page = (await (await request('/assets?limit=2')).json()) as AssetPageJson;
    expect(page.total).toBe(3);
    expect(page.items.map((a) => a.id)).toEqual([current.id, failed.id]);
    const alpha = (await (await request(`/assets?streamName=ALPHA&state=ready`)).json()) as AssetPageJson;
    expect(alpha.items).toEqual([
      {
        id: old.id,
        streamId: old.streamId,
        streamName: 'alpha',
        state: 'ready',
        startedAt: '2025-01-01T10:00:00.000Z',
        endedAt: null,
        durationSeconds: 4,
        bytes: 5,
        segmentCount: 2,
        failureReason: null,
        playback: {
          hls: `https://origin.example/vod/${old.id}/index.m3u8`,
          dash: `https://origin.example/vod/${old.id}/manifest.mpd`,
        },
      },
    ]);
    const byId = (await (await request(`/assets?streamId=${failed.streamId}`)).json()) as AssetPageJson;
    expect(byId.items.map((a) => [a.id, a.playback])).toEqual([[failed.id, null]]);
  });

  test('validates ids and queries (400), needs a key (401), and admin to delete (403)', async () => {
    const { request, recorded, apiKeys } = setup();
    const asset = recorded('alpha', '2025-01-01T10:00:00.000Z', 'ready');
    const bad = await request('/assets/ast_..%2F..%2Fx');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('param.id');
    expect((await request('/assets?state=done')).status).toBe(400);
    expect((await request('/assets?limit=0')).status).toBe(400);
    expect((await request('/assets', { key: 'nope' })).status).toBe(401);
    expect((await request('/assets/ast_AbC123dEf456')).status).toBe(404);
    const { key: readKey } = apiKeys.create('viewer', 'read');
    expect((await request(`/assets/${asset.id}`, { key: readKey })).status).toBe(200);
    expect((await request(`/assets/${asset.id}`, { method: 'DELETE', key: readKey })).status).toBe(403);
  });

  test('delete removes the files and the row; refused with 409 while recording', async () => {
    const { request, recorded, dataDir, assets } = setup();
    const live = recorded('alpha', '2025-01-01T10:00:00.000Z', 'recording');
    const done = recorded('beta', '2025-01-01T11:00:00.000Z', 'failed');
    const refused = await request(`/assets/${live.id}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(existsSync(join(dataDir, live.path))).toBe(true);
    expect((await request(`/assets/${done.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(existsSync(join(dataDir, done.path))).toBe(false);
    expect(assets.get(done.id)).toBeUndefined();
    expect((await request(`/assets/${done.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  test('the OpenAPI document describes the asset routes from their schemas', async () => {
    const { request } = setup();
    const document = (await (await request('/openapi.json')).json()) as OpenApiJson;
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/assets', '/assets/{id}']));
    expect(Object.keys(document.paths['/assets/{id}'] ?? {})).toEqual(['get', 'delete']);
    expect(document.components.schemas.Asset?.properties.playback).toBeDefined();
    expect(document.components.schemas.Stream?.properties.record).toEqual(
      expect.objectContaining({ type: 'boolean' }),
    );
  });
});
