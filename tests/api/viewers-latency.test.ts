/**
 * Viewers and origin latency of the demo stream: clients polling its playlist (HLS) or MPD
 * (DASH) show in the status API, /metrics and the event socket, and drop out once they stop
 * for longer than the viewer window (shortened here so the test waits seconds, not 10 s).
 */
import { expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import type { MediaStatsEvent, StreamStatus } from '../../defs/stream-status.ts';
import { createLogger } from '../../origin/logger.ts';
import { startOrigin } from '../../origin/start-origin.ts';
import { testAdminKey, testConfig } from '../harness/test-origin.ts';
import { waitFor } from '../harness/wait-for.ts';

const WINDOW_MS = 2000;

test('viewers per protocol and origin latency in the status, metrics and media.stats', async () => {
  const config = testConfig({ demo: { enabled: true } });
  const origin = await startOrigin(config, createLogger('silent'), { viewerWindowMs: WINDOW_MS });
  const api = async (path: string) =>
    fetch(`${origin.url}${path}`, { headers: { authorization: `Bearer ${testAdminKey}` } });
  const socket = new WebSocket(
    `${origin.url.replace(/^http/, 'ws')}/api/v1/events?access_token=${testAdminKey}&types=media.stats`,
  );
  const mediaStats: MediaStatsEvent[] = [];
  socket.onmessage = (event) =>
    mediaStats.push((JSON.parse(String(event.data)) as { data: MediaStatsEvent }).data);
  try {
    const list = (await (await api('/api/v1/streams?name=demo')).json()) as { items: { id: string }[] };
    const id = list.items[0]?.id as string;
    const status = async () => (await (await api(`/api/v1/streams/${id}/status`)).json()) as StreamStatus;
    // Live with a part published (only the API asks until now: nobody watches yet).
    const before = await waitFor(
      async () => {
        const s = await status();
        return s.media.live && s.media.latency.edgeAgeMs !== null && s.media.latency.partPublishMs !== null
          ? s
          : undefined;
      },
      30_000,
      'the demo live',
    );
    expect(before.media.viewers).toEqual({ hls: 0, dash: 0 });

    // Origin latency: the demo is packaged as it is made, so its newest part is fresh. The
    // age saws between ~0 and a part duration as parts arrive (a few ms below 0 when the
    // source clock runs ahead): judge the median of a few samples.
    const { latency } = before.media;
    const ages: number[] = [];
    for (let i = 0; i < 7; i++) {
      ages.push((await status()).media.latency.edgeAgeMs as number);
      await Bun.sleep(30);
    }
    ages.sort((a, b) => a - b);
    expect(ages[3]).toBeGreaterThan(0);
    expect(ages[6]).toBeLessThan(5000);
    expect(ages[0]).toBeGreaterThan(-100);
    expect(latency.partPublishMs).toBeGreaterThanOrEqual(0);
    expect(latency.partPublishMs).toBeLessThan(1000);
    const partTarget = before.media.partTargetSeconds as number;
    expect(latency.partHoldBackSeconds).toBeCloseTo(3 * partTarget, 4);

    // Two players (two User-Agents on one address) poll the media playlist: two HLS viewers.
    const poll = (path: string, agent: string) =>
      fetch(`${origin.url}${path}`, { headers: { 'user-agent': agent } }).then((r) => {
        expect(r.status).toBe(200);
        return r.text();
      });
    const twoViewers = await waitFor(
      async () => {
        await poll('/hls/demo/video.m3u8', 'viewer-a');
        await poll('/hls/demo/video.m3u8', 'viewer-a');
        await poll('/hls/demo/audio.m3u8', 'viewer-b');
        const s = await status();
        return s.media.viewers.hls === 2 ? s : undefined;
      },
      10_000,
      'two HLS viewers',
    );
    expect(twoViewers.media.viewers.dash).toBe(0);
    // Media requests are not tallied: a third client fetching only a part adds nobody.
    const playlist = await poll('/hls/demo/video.m3u8', 'viewer-a');
    const part = /URI="([^"]+\.m4s)"/.exec(playlist)?.[1] as string;
    await poll(`/hls/demo/${part}`, 'not-a-viewer');

    const dash = await waitFor(
      async () => {
        await poll('/dash/demo/manifest.mpd', 'viewer-c');
        const s = await status();
        return s.media.viewers.dash === 1 ? s : undefined;
      },
      10_000,
      'one DASH viewer',
    );
    expect(dash.media.viewers.hls).toBeLessThanOrEqual(2);

    const metrics = await (await fetch(`${origin.url}/metrics`)).text();
    expect(metrics).toMatch(/^tidewater_viewers\{stream="demo",protocol="dash"\} 1$/m);
    expect(metrics).toMatch(/^tidewater_viewers\{stream="demo",protocol="hls"\} [12]$/m);

    // The console's event: the same media status, viewers included, every 2 s.
    const event = await waitFor(
      () => mediaStats.find((e) => e.streamId === id && e.media.viewers.dash === 1),
      10_000,
      'media.stats with the DASH viewer',
    );
    expect(event.name).toBe('demo');
    expect(event.media.latency.partHoldBackSeconds).toBe(latency.partHoldBackSeconds);

    // Everyone stopped polling: past the window they are gone.
    await waitFor(
      async () => {
        const { viewers } = (await status()).media;
        return viewers.hls === 0 && viewers.dash === 0;
      },
      WINDOW_MS + 10_000,
      'the viewers to leave',
      100,
    );
  } finally {
    socket.close();
    await origin.close();
    rmSync(config.storage.dataDir, { recursive: true, force: true });
  }
}, 60_000);
