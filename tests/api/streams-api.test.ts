import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { z } from '@hono/zod-openapi';
import type { ApiKeyRecord } from '../../defs/api-key.ts';
import type { problem as problemSchema, streamPage, streamView } from '../../origin/api/stream-schemas.ts';
import { startTestOrigin, type TestOrigin } from '../harness/test-origin.ts';

// Response bodies typed by the schemas the API validates and documents them with.
type StreamBody = z.output<typeof streamView>;
type StreamPageBody = z.output<typeof streamPage>;
type ProblemBody = z.output<typeof problemSchema>;
/** An API key as listed (the view has the stored record's fields); `key` only in the create answer. */
type CreatedApiKey = ApiKeyRecord & { key: string };
/** The parts of the generated OpenAPI 3.1 document this file reads. */
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: {
    schemas: Record<string, { properties: Record<string, { pattern?: string }> }>;
    securitySchemes: Record<string, { scheme?: string }>;
  };
}

let origin: TestOrigin;
beforeAll(async () => {
  origin = await startTestOrigin();
});
afterAll(() => origin[Symbol.asyncDispose]());

async function createStream(name: string, extra: Record<string, unknown> = {}) {
  const res = await origin.api('/api/v1/streams', { method: 'POST', json: { name, ...extra } });
  expect(res.status).toBe(201);
  return (await res.json()) as StreamBody;
}

async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = (await res.json()) as ProblemBody;
  expect(body.status).toBe(status);
  expect(JSON.stringify(body)).not.toMatch(/at .+\.ts:\d+/); // never a stack trace
  return body;
}

describe('create', () => {
  test('returns id, name, key and absolute ingest and playback URLs', async () => {
    const res = await origin.api('/api/v1/streams', { method: 'POST', json: { name: 'main-stage' } });
    expect(res.status).toBe(201);
    const stream = (await res.json()) as StreamBody;
    expect(stream.id).toMatch(/^str_/);
    expect(stream.name).toBe('main-stage');
    expect(stream.streamKey).toMatch(/^sk_[A-Za-z0-9_-]{32}$/);
    expect(res.headers.get('location')).toBe(`${origin.url}/api/v1/streams/${stream.id}`);
    const rtmpPort = origin.ingestPorts.rtmp;
    expect(rtmpPort).toBeGreaterThan(0);
    expect(stream.ingest.rtmp).toBe(`rtmp://127.0.0.1:${rtmpPort}/live/${stream.streamKey}`);
    expect(stream.ingest.obs).toEqual({
      server: `rtmp://127.0.0.1:${rtmpPort}/live`,
      streamKey: stream.streamKey,
    });
    expect(stream.ingest.srt).toBe(
      `srt://127.0.0.1:${origin.ingestPorts.srt}?streamid=publish:${stream.streamKey}`,
    );
    expect(stream.ingest.udp).toBe(`udp://127.0.0.1:${stream.udpPort}`);
    expect(stream.playback).toEqual({
      hls: `${origin.url}/hls/main-stage/index.m3u8`,
      dash: `${origin.url}/dash/main-stage/manifest.mpd`,
      player: `${origin.url}/watch/main-stage`,
    });
    expect(stream.partTargetSeconds).toBe(0.2);
    expect(stream.segmentTargetSeconds).toBe(2);
    expect(stream.enabled).toBe(true);
  });

  test('every stream gets its own UDP port', async () => {
    const a = await createStream('udp-a');
    const b = await createStream('udp-b');
    expect(a.udpPort).not.toBe(b.udpPort);
  });

  test('a duplicate name is 409 (names are case-insensitive)', async () => {
    await createStream('dup');
    const body = await problem(
      await origin.api('/api/v1/streams', { method: 'POST', json: { name: 'dup' } }),
      409,
    );
    expect(body.detail).toContain('dup');
  });

  test('validation errors name the field path', async () => {
    const body = await problem(
      await origin.api('/api/v1/streams', {
        method: 'POST',
        json: { name: 'Bad Name!', partTargetSeconds: 9 },
      }),
      400,
    );
    const paths = body.errors?.map((e) => e.path);
    expect(paths).toContain('body.name');
    expect(paths).toContain('body.partTargetSeconds');
  });

  test('unknown fields are refused rather than ignored', async () => {
    const body = await problem(
      await origin.api('/api/v1/streams', { method: 'POST', json: { name: 'x1', colour: 'red' } }),
      400,
    );
    expect(body.detail).toContain('colour');
  });

  test('part target above segment target is refused', async () => {
    const body = await problem(
      await origin.api('/api/v1/streams', {
        method: 'POST',
        json: { name: 'x2', partTargetSeconds: 2, segmentTargetSeconds: 1 },
      }),
      400,
    );
    expect(body.errors?.[0]?.path).toBe('body.partTargetSeconds');
  });

  test('malformed JSON is 400, wrong content type 415, oversized body 413', async () => {
    await problem(
      await origin.api('/api/v1/streams', {
        method: 'POST',
        body: '{"name":',
        headers: { 'content-type': 'application/json' },
      }),
      400,
    );
    await problem(
      await origin.api('/api/v1/streams', {
        method: 'POST',
        body: 'name=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
    );
    const huge = JSON.stringify({ name: 'big', pad: 'x'.repeat(origin.config.http.bodyLimitBytes + 10) });
    await problem(
      await origin.api('/api/v1/streams', {
        method: 'POST',
        body: huge,
        headers: { 'content-type': 'application/json' },
      }),
      413,
    );
  });
});

describe('read, list, update, delete', () => {
  test('get returns the stream; unknown id 404; malformed id 400', async () => {
    const created = await createStream('getme');
    const res = await origin.api(`/api/v1/streams/${created.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(created);
    await problem(await origin.api('/api/v1/streams/str_AAAAAAAAAAAA'), 404);
    const bad = await problem(await origin.api('/api/v1/streams/nope'), 400);
    expect(bad.errors?.[0]?.path).toBe('param.id');
  });

  test('list paginates and filters', async () => {
    for (const name of ['page-1', 'page-2', 'page-3']) await createStream(name);
    const first = (await (await origin.api('/api/v1/streams?name=page-&limit=2')).json()) as StreamPageBody;
    expect(first.total).toBe(3);
    expect(first.items.map((s) => s.name)).toEqual(['page-1', 'page-2']);
    const second = (await (
      await origin.api('/api/v1/streams?name=page-&limit=2&offset=2')
    ).json()) as StreamPageBody;
    expect(second.items.map((s) => s.name)).toEqual(['page-3']);
    await origin.api(`/api/v1/streams/${first.items[0]?.id}/disable`, { method: 'POST' });
    const disabled = (await (
      await origin.api('/api/v1/streams?name=page-&enabled=false')
    ).json()) as StreamPageBody;
    expect(disabled.items.map((s) => s.name)).toEqual(['page-1']);
    const bad = await problem(await origin.api('/api/v1/streams?limit=0&enabled=maybe'), 400);
    expect(bad.errors?.map((e) => e.path).sort()).toEqual(['query.enabled', 'query.limit']);
  });

  test('name filter treats % and _ literally', async () => {
    await createStream('literal_x');
    const page = (await (await origin.api('/api/v1/streams?name=%25')).json()) as StreamPageBody;
    expect(page.total).toBe(0);
  });

  test('update changes fields, keeps the key, and checks conflicts', async () => {
    const created = await createStream('update-me');
    await createStream('taken');
    const res = await origin.api(`/api/v1/streams/${created.id}`, {
      method: 'PATCH',
      json: { name: 'updated', segmentTargetSeconds: 4 },
    });
    expect(res.status).toBe(200);
    const updated = (await res.json()) as StreamBody;
    expect(updated.name).toBe('updated');
    expect(updated.segmentTargetSeconds).toBe(4);
    expect(updated.streamKey).toBe(created.streamKey);
    expect(updated.playback.hls).toEndWith('/hls/updated/index.m3u8');
    await problem(
      await origin.api(`/api/v1/streams/${created.id}`, { method: 'PATCH', json: { name: 'taken' } }),
      409,
    );
    await problem(await origin.api(`/api/v1/streams/${created.id}`, { method: 'PATCH', json: {} }), 400);
    await problem(
      await origin.api(`/api/v1/streams/${created.id}`, {
        method: 'PATCH',
        json: { partTargetSeconds: 1.5, segmentTargetSeconds: 1 },
      }),
      400,
    );
    await problem(
      await origin.api('/api/v1/streams/str_AAAAAAAAAAAA', { method: 'PATCH', json: { enabled: false } }),
      404,
    );
  });

  test('rotate key replaces the key; enable/disable toggle', async () => {
    const created = await createStream('rotate');
    const rotated = (await (
      await origin.api(`/api/v1/streams/${created.id}/rotate-key`, { method: 'POST' })
    ).json()) as StreamBody;
    expect(rotated.streamKey).not.toBe(created.streamKey);
    expect(rotated.ingest.rtmp).toEndWith(rotated.streamKey);
    const disabled = (await (
      await origin.api(`/api/v1/streams/${created.id}/disable`, { method: 'POST' })
    ).json()) as StreamBody;
    expect(disabled.enabled).toBe(false);
    const enabled = (await (
      await origin.api(`/api/v1/streams/${created.id}/enable`, { method: 'POST' })
    ).json()) as StreamBody;
    expect(enabled.enabled).toBe(true);
    await problem(await origin.api('/api/v1/streams/str_AAAAAAAAAAAA/rotate-key', { method: 'POST' }), 404);
  });

  test('delete removes; a second delete is 404', async () => {
    const created = await createStream('delete-me');
    expect((await origin.api(`/api/v1/streams/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    await problem(await origin.api(`/api/v1/streams/${created.id}`), 404);
    await problem(await origin.api(`/api/v1/streams/${created.id}`, { method: 'DELETE' }), 404);
  });
});

describe('authentication and scopes', () => {
  test('no key 401, unknown key 401', async () => {
    await problem(await origin.api('/api/v1/streams', { key: null }), 401);
    await problem(await origin.api('/api/v1/streams', { key: 'tw_AAAAAAAA_notarealkey' }), 401);
    await problem(
      await origin.api('/api/v1/streams', { headers: { authorization: 'Basic abc' }, key: null }),
      401,
    );
  });

  test('a read key reads with the stream key masked, and cannot write (403)', async () => {
    const created = await createStream('scoped');
    const { key } = (await (
      await origin.api('/api/v1/api-keys', { method: 'POST', json: { name: 'dashboard', scope: 'read' } })
    ).json()) as { key: string };
    const res = await origin.api(`/api/v1/streams/${created.id}`, { key });
    expect(res.status).toBe(200);
    const seen = (await res.json()) as StreamBody;
    expect(seen.streamKey).not.toBe(created.streamKey);
    expect(JSON.stringify(seen)).not.toContain(created.streamKey);
    expect(seen.playback.hls).toBe(created.playback.hls);
    expect(await (await origin.api('/api/v1/whoami', { key })).json()).toMatchObject({ scope: 'read' });
    expect(await (await origin.api('/api/v1/whoami')).json()).toEqual({
      keyId: 'environment',
      scope: 'admin',
    });
    await problem(await origin.api('/api/v1/whoami', { key: null }), 401);
    await problem(await origin.api('/api/v1/streams', { method: 'POST', json: { name: 'nope' }, key }), 403);
    await problem(await origin.api(`/api/v1/streams/${created.id}`, { method: 'DELETE', key }), 403);
    await problem(await origin.api('/api/v1/api-keys', { key }), 403);
  });
});

describe('API keys', () => {
  test('create shows the key once; it works until revoked', async () => {
    const res = await origin.api('/api/v1/api-keys', {
      method: 'POST',
      json: { name: 'automation', scope: 'admin' },
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as CreatedApiKey;
    expect(created.key).toMatch(/^tw_/);
    expect(created.prefix).toBe(created.key.slice(0, 12));
    expect((await origin.api('/api/v1/streams', { key: created.key })).status).toBe(200);

    const list = (await (await origin.api('/api/v1/api-keys')).json()) as { items: ApiKeyRecord[] };
    const listed = list.items.find((k) => k.id === created.id);
    expect(listed?.name).toBe('automation');
    expect(JSON.stringify(list)).not.toContain(created.key);

    const revoked = (await (
      await origin.api(`/api/v1/api-keys/${created.id}`, { method: 'DELETE' })
    ).json()) as ApiKeyRecord;
    expect(revoked.revokedAt).not.toBeNull();
    await problem(await origin.api('/api/v1/streams', { key: created.key }), 401);
  });

  test('bad scope 400, unknown id 404', async () => {
    const body = await problem(
      await origin.api('/api/v1/api-keys', { method: 'POST', json: { name: 'x', scope: 'root' } }),
      400,
    );
    expect(body.errors?.[0]?.path).toBe('body.scope');
    await problem(await origin.api('/api/v1/api-keys/AAAAAAAA', { method: 'DELETE' }), 404);
  });
});

describe('documentation', () => {
  test('OpenAPI 3.1 document is generated from the route schemas', async () => {
    const res = await origin.api('/api/v1/openapi.json', { key: null });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApiDocument;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/streams',
        '/streams/{id}',
        '/streams/{id}/rotate-key',
        '/api-keys',
        '/api-keys/{id}',
      ]),
    );
    expect(doc.components.schemas.CreateStream?.properties.name?.pattern).toBeString();
    expect(doc.paths['/streams']?.post?.responses['409']).toBeDefined();
    expect(doc.components.securitySchemes.bearer?.scheme).toBe('bearer');
  });

  test('the reference page lists every operation', async () => {
    const res = await origin.api('/api/v1/reference', { key: null });
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    for (const op of [
      'POST</span> <code>/api/v1/streams</code>',
      'DELETE</span> <code>/api/v1/api-keys/{id}</code>',
    ])
      expect(html).toContain(op);
  });
});

test('unknown paths are problem+json 404', async () => {
  const body = await problem(await origin.api('/no/such/thing', { key: null }), 404);
  expect(body.detail).toContain('/no/such/thing');
});
