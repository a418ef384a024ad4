/**
 * Recording: a stream with `record` on is written to disk while live and becomes a VOD asset
 * when it ends. Composed here from the real parts (the origin's own wiring lives in
 * start-origin.ts): a LivePackager over an FLV file, startRecording on the event bus, the assets
 * API and VOD delivery in one Hono app on a real socket. The asset must play to the end (ENDLIST),
 * decode, and last as long as the live session within one segment.
 */
import { afterAll, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import HLS from 'hls-parser';
import { Hono } from 'hono';
import { parse } from 'mpd-parser';
import { packagingArgs } from '../../ffmpeg/packaging-args.ts';
import { apiApp } from '../../origin/api/api-app.ts';
import { vodDelivery } from '../../origin/delivery/vod-delivery.ts';
import { problemResponse } from '../../origin/http/problem-response.ts';
import { startRecording } from '../../origin/recording/start-recording.ts';
import { LivePackager } from '../../packager/live/live-packager.ts';
import { LiveStreams } from '../../packager/live/live-streams.ts';
import { decodedFrames, makeFlvSource } from '../../packager/recording/flv-source.test-support.ts';
import { InProcessEventBus } from '../../state/in-process-event-bus.ts';
import { SqliteApiKeyStore } from '../../state/sqlite/api-key-store.ts';
import { SqliteAssetStore } from '../../state/sqlite/asset-store.ts';
import { openDatabase } from '../../state/sqlite/open-database.ts';
import { SqliteStreamStore } from '../../state/sqlite/stream-store.ts';
import { waitFor } from '../harness/wait-for.ts';

HLS.setOptions({ strictMode: true });
const scratch = mkdtempSync(join(tmpdir(), 'tw-recording-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const adminKey = 'recording-test-admin-key-0123456789';
const SEGMENT_TARGET = 2;

test('a recorded stream becomes a VOD asset that plays to the end and lasts as long as the live session', async () => {
  // 12 s at 25 fps, a keyframe every 2 s: six 2 s segments, twice what the live window holds.
  const source = join(scratch, 'source.flv');
  makeFlvSource(source, { seconds: 12, width: 320, height: 180 });

  const dataDir = join(scratch, 'data');
  const db = openDatabase(join(dataDir, 'tidewater.db'));
  const streams = new SqliteStreamStore({ db, udpPortRange: { min: 30_000, max: 30_010 } });
  const assets = new SqliteAssetStore({ db });
  const events = new InProcessEventBus();
  const live = new LiveStreams();
  const logs: string[] = [];
  const recording = await startRecording({
    events,
    streams,
    assets,
    dataDir,
    packagerOf: (name) => live.get(name),
    log: (level, msg, fields) => logs.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`),
  });

  let baseUrl = '';
  const app = new Hono();
  app.onError((error, c) => problemResponse(error, c));
  app.route(
    '/api/v1',
    apiApp({
      streams,
      apiKeys: new SqliteApiKeyStore({ db }),
      events,
      urls: {
        get publicBaseUrl() {
          return baseUrl;
        },
        ingestHost: '127.0.0.1',
        rtmpPort: 1935,
        srtPort: 9000,
      },
      environmentAdminKey: adminKey,
      bodyLimitBytes: 65_536,
      streamDefaults: { partTargetSeconds: 0.2, segmentTargetSeconds: SEGMENT_TARGET },
      streamStatus: () => {
        throw new Error('not composed in this test');
      },
      version: 'test',
      recordings: { assets, dataDir },
    }),
  );
  app.route('/vod', vodDelivery({ assets, dataDir, corsOrigin: '*' }));
  using server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: app.fetch });
  baseUrl = `http://127.0.0.1:${server.port}`;
  const api = (path: string, init: RequestInit & { json?: unknown } = {}) =>
    fetch(`${baseUrl}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: init.json === undefined ? init.body : JSON.stringify(init.json),
    });

  try {
    const created = await api('/streams', { method: 'POST', json: { name: 'show', record: true } });
    expect(created.status).toBe(201);
    const stream = (await created.json()) as { id: string; name: string; record: boolean };
    expect(stream.record).toBe(true);

    const packager = new LivePackager({
      name: stream.name,
      partTarget: 0.2,
      segmentTarget: SEGMENT_TARGET,
      windowSegments: 3,
      tracks: ['video', 'audio'],
      ffmpegArgs: () => packagingArgs({ input: { kind: 'url', url: source, format: 'flv' } }),
      restartOnExit: false,
      onEvent: (event) => {
        if (event.kind === 'live') events.emit('stream.live', { streamId: stream.id, name: stream.name });
        if (event.kind === 'offline')
          events.emit('stream.offline', { streamId: stream.id, name: stream.name, reason: event.reason });
      },
    });
    // The live session as it happened: every segment the live timeline completed (it keeps only 3).
    const liveDurations = new Map<number, number>();
    const video = packager.tracks.video;
    if (!video) throw new Error('no video timeline');
    const watching = (async () => {
      while (!video.ended) {
        const changed = video.changed.next();
        for (const s of video.segments) liveDurations.set(s.msn, s.duration);
        await changed;
      }
      for (const s of video.segments) liveDurations.set(s.msn, s.duration);
    })();
    live.start(stream.name, packager);

    const asset = await waitFor(
      () => {
        const item = assets.list({ limit: 1, offset: 0, streamId: stream.id }).items[0];
        return item?.state === 'ready' || item?.state === 'failed' ? item : undefined;
      },
      20_000,
      'the recording to be finalised',
    );
    await watching;
    expect(asset.failureReason).toBeNull();
    expect(asset.state).toBe('ready');
    const liveSeconds = [...liveDurations.values()].reduce((sum, d) => sum + d, 0);
    expect(liveDurations.size).toBe(6);
    expect(Math.abs(asset.durationSeconds - liveSeconds)).toBeLessThanOrEqual(SEGMENT_TARGET);

    // The API lists it with its playback URLs.
    const listed = (await (await api(`/assets?streamId=${stream.id}`)).json()) as {
      total: number;
      items: { id: string; playback: { hls: string; dash: string } | null }[];
    };
    expect(listed.total).toBe(1);
    const view = (await (await api(`/assets/${asset.id}`)).json()) as {
      state: string;
      segmentCount: number;
      playback: { hls: string; dash: string };
      path?: string;
    };
    expect(view).toMatchObject({ state: 'ready', segmentCount: 6 });
    expect(view.path).toBeUndefined();
    expect(view.playback).toEqual({
      hls: `${baseUrl}/vod/${asset.id}/index.m3u8`,
      dash: `${baseUrl}/vod/${asset.id}/manifest.mpd`,
    });

    // HLS: the multivariant playlist leads to VOD media playlists that end (ENDLIST).
    const multivariantResponse = await fetch(view.playback.hls);
    expect(multivariantResponse.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const multivariant = HLS.parse(await multivariantResponse.text()) as HLS.types.MasterPlaylist;
    const variantUrl = new URL(multivariant.variants[0]?.uri ?? '', view.playback.hls).href;
    const playlist = HLS.parse(await (await fetch(variantUrl)).text()) as HLS.types.MediaPlaylist;
    expect(playlist.playlistType).toBe('VOD');
    expect(playlist.endlist).toBe(true);
    const vodSeconds = playlist.segments.reduce((sum, s) => sum + s.duration, 0);
    expect(Math.abs(vodSeconds - liveSeconds)).toBeLessThanOrEqual(SEGMENT_TARGET);
    expect(Math.abs(vodSeconds - liveSeconds)).toBeLessThan(0.001); // in fact every segment is there

    // Every listed segment is served and the whole decodes: 12 s at 25 fps.
    const media: Uint8Array[] = [];
    const initUrl = new URL(playlist.segments[0]?.map?.uri ?? '', variantUrl).href;
    for (const url of [initUrl, ...playlist.segments.map((s) => new URL(s.uri, variantUrl).href)]) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('video/mp4');
      expect(response.headers.get('cache-control')).toContain('immutable');
      media.push(new Uint8Array(await response.arrayBuffer()));
    }
    const whole = join(scratch, 'vod-video.mp4');
    writeFileSync(whole, Buffer.concat(media));
    expect(decodedFrames(whole, 'v:0')).toEqual({ frames: 300, errors: '' });
    const audioUrl = new URL(multivariant.variants[0]?.audio[0]?.uri ?? '', view.playback.hls).href;
    const audio = HLS.parse(await (await fetch(audioUrl)).text()) as HLS.types.MediaPlaylist;
    expect(audio.endlist).toBe(true);

    // DASH: a static MPD over the same files, as long as the HLS.
    const mpdResponse = await fetch(view.playback.dash);
    expect(mpdResponse.headers.get('content-type')).toBe('application/dash+xml');
    const manifest = parse(await mpdResponse.text(), { manifestUri: view.playback.dash });
    const dashVideo = manifest.playlists[0];
    expect(dashVideo?.segments.map((s) => s.resolvedUri)).toEqual(
      playlist.segments.map((s) => new URL(s.uri, variantUrl).href),
    );
    const dashSeconds = (dashVideo?.segments ?? []).reduce((sum, s) => sum + s.duration, 0);
    expect(Math.abs(dashSeconds - liveSeconds)).toBeLessThanOrEqual(SEGMENT_TARGET);

    // Range, ETag; nothing outside the layout is reachable.
    const segmentUrl = new URL(playlist.segments[1]?.uri ?? '', variantUrl).href;
    const ranged = await fetch(segmentUrl, { headers: { range: 'bytes=4-11' } });
    expect(ranged.status).toBe(206);
    expect([...new Uint8Array(await ranged.arrayBuffer())]).toEqual([
      ...(media[2] as Uint8Array).subarray(4, 12),
    ]);
    const etag = ranged.headers.get('etag') as string;
    expect((await fetch(segmentUrl, { headers: { 'if-none-match': etag } })).status).toBe(304);
    for (const path of [
      'video/journal.jsonl',
      '..%2F..%2Ftidewater.db',
      '%2e%2e/%2e%2e/tidewater.db',
      'video/..%2F..%2F..%2Ftidewater.db',
      'video/0.m4s/x',
    ])
      expect((await fetch(`${baseUrl}/vod/${asset.id}/${path}`)).status).toBe(404);

    // A recording still in progress cannot be deleted; a finished one goes with its files.
    const inProgress = assets.create({
      streamId: stream.id,
      streamName: stream.name,
      startedAt: new Date().toISOString(),
    });
    expect((await api(`/assets/${inProgress.id}`, { method: 'DELETE' })).status).toBe(409);
    expect((await api(`/assets/${asset.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(existsSync(join(dataDir, 'recordings', asset.id))).toBe(false);
    expect((await api(`/assets/${asset.id}`)).status).toBe(404);
    expect((await fetch(view.playback.hls)).status).toBe(404);
    expect(logs.filter((line) => !line.startsWith('info'))).toEqual([]);
  } finally {
    await recording.close();
    await live.closeAll();
    db.close();
  }
}, 60_000);
