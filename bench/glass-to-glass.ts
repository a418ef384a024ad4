/**
 * Glass-to-glass latency of live HLS paths, read from pixels in headless Chromium.
 *   bun bench/glass-to-glass.ts [--seconds 30] [--cases origin-player,origin,ffmpeg-hls,nginx-rtmp]
 *                               [--profiles obs,zerolatency] [--catch-up-rate 1] [--verbose]
 * For each encoder profile and case: one encoder (capture time burned into every
 * frame as cells) feeds both the case's HLS path, played by hls.js, and the floor
 * relay, played straight through MSE; both pages run at once. Prints median/p95
 * latency, startup to first frame, freezes, and added = case median - floor median.
 */

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { type CaseName, type Profile, startCase } from './g2g-cases.ts';
import { FloorRelay } from './g2g-floor-relay.ts';
import { type PageResult, playerPage } from './g2g-player-page.ts';
import { launchChromium } from './headless-chromium.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    cases: { type: 'string', default: 'origin-player,origin,ffmpeg-hls,nginx-rtmp' },
    profiles: { type: 'string', default: 'obs,zerolatency' },
    // hls.js maxLiveSyncPlaybackRate for the low-latency case: 1 (its default) never catches up.
    'catch-up-rate': { type: 'string', default: '1' },
    // Print hls.js's own latency, target, playback rate and buffer, one line per 5 s.
    verbose: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const catchUpRate = Number(values['catch-up-rate']);
const PROFILES: Record<string, Profile> = {
  obs: { name: 'OBS-like (bf 2)', encoder: { bFrames: 2, zeroLatency: false } },
  zerolatency: { name: 'zerolatency', encoder: { bFrames: 0, zeroLatency: true } },
};

const HLS_JS = Bun.file(join(import.meta.dir, '../node_modules/hls.js/dist/hls.min.js'));
const ENGINE_JS = await buildEngine();

/** The viewer page's hls.js engine as one script, for the `origin-player` case. */
async function buildEngine(): Promise<string> {
  const built = await Bun.build({
    entrypoints: [join(import.meta.dir, 'g2g-hls-engine-entry.ts')],
    target: 'browser',
    // Its own scope: the measuring page's globals must not clash with the bundle's.
    format: 'iife',
    minify: true,
  });
  if (!built.success) throw new AggregateError(built.logs, 'building the player engine failed');
  const [output] = built.outputs;
  if (!output) throw new Error('building the player engine gave no output');
  return output.text();
}
let relay: FloorRelay | undefined;
const hlsDir = mkdtempSync(join(tmpdir(), 'g2g-ffhls-'));
const server = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  fetch(req, srv) {
    const path = new URL(req.url).pathname;
    if (path === '/floor')
      return srv.upgrade(req) ? undefined : new Response('upgrade failed', { status: 400 });
    if (path === '/hls.min.js')
      return new Response(HLS_JS, { headers: { 'content-type': 'text/javascript' } });
    if (path === '/tidewater-hls.js')
      return new Response(ENGINE_JS, { headers: { 'content-type': 'text/javascript' } });
    if (path === '/player') return new Response(playerPage(), { headers: { 'content-type': 'text/html' } });
    if (path.startsWith('/ffhls/')) {
      const file = Bun.file(join(hlsDir, path.slice('/ffhls/'.length).replace(/[^\w.]/g, '')));
      return file
        .exists()
        .then((ok) =>
          ok
            ? new Response(file, { headers: { 'cache-control': 'no-cache' } })
            : new Response('', { status: 404 }),
        );
    }
    return new Response('not found', { status: 404 });
  },
  websocket: {
    open(ws) {
      if (!relay?.join(ws)) ws.close(1013, 'no init segment yet');
    },
    close(ws) {
      relay?.leave(ws);
    },
    message() {},
  },
});
const base = `http://127.0.0.1:${server.port}`;

async function waitForPlaylist(url: string, segments: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = await fetch(url).then(
      (r) => (r.ok ? r.text() : ''),
      () => '',
    );
    // hls.js's default live edge is 3 target durations back: let that much exist.
    if ((text.match(/#EXTINF/g) ?? []).length >= segments) return;
    await Bun.sleep(200);
  }
  throw new Error(`${url} never listed ${segments} segments`);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

interface Row {
  profile: string;
  kase: string;
  page: PageResult;
  floor: PageResult;
}

async function runOne(browser: Browser, profile: Profile, name: CaseName): Promise<Row> {
  relay = new FloorRelay();
  rmSync(hlsDir, { recursive: true, force: true });
  mkdirSync(hlsDir, { recursive: true });
  const running = await startCase(name, { profile, floorUrl: relay.url, benchBase: base, hlsDir });
  const pages: Page[] = [];
  try {
    await waitForPlaylist(
      running.playlistUrl.replace('index.m3u8', name.startsWith('origin') ? 'video.m3u8' : 'index.m3u8'),
      3,
      30_000,
    );
    const open = async (query: string) => {
      const page = await browser.newPage();
      pages.push(page);
      page.on('pageerror', (e) => console.error(`[${name}] page error: ${e.message}`));
      await page.goto(`${base}/player?${query}`);
      return page;
    };
    const src = encodeURIComponent(running.playlistUrl);
    const [hlsPage, floorPage] = await Promise.all([
      open(
        `mode=hls&src=${src}${running.lowLatency ? `&ll=1&rate=${catchUpRate}` : ''}${running.engine ? `&engine=${running.engine}` : ''}`,
      ),
      open(`mode=floor&src=${encodeURIComponent(`ws://127.0.0.1:${server.port}/floor`)}`),
    ]);
    await Bun.sleep(seconds * 1000);
    const collect = (page: Page) => page.evaluate(() => (window as unknown as { g2g: PageResult }).g2g);
    const page = await collect(hlsPage);
    if (values.verbose)
      for (const [at, url, ms] of page.startupFetches ?? [])
        console.error(`  ${name} startup +${at} ms ${url} (${ms} ms)`);
    if (values.verbose && page.hlsSamples) {
      const f = (n: number) => n.toFixed(2);
      for (let i = 0; i < page.hlsSamples.length; i += 5) {
        const [latency = 0, target = 0, rate = 0, ahead = 0] = page.hlsSamples[i] ?? [];
        console.error(
          `  ${name} t=${i}s hls.js latency ${f(latency)} target ${f(target)} rate ${rate} buffer ${f(ahead)}`,
        );
      }
    }
    return {
      profile: profile.name,
      kase: name,
      page,
      floor: await collect(floorPage),
    };
  } finally {
    for (const page of pages) await page.close().catch(() => {});
    await running.stop();
    relay.stop();
  }
}

function summary(r: PageResult): { median?: number; p95?: number } {
  // The first 5 s are the player settling on its live edge: report steady state.
  const settled = r.latencies.slice(Math.min(150, Math.floor(r.latencies.length / 2)));
  const sorted = settled.toSorted((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
}

const fmt = (n: number | undefined) => (n === undefined ? '-' : String(Math.round(n)));

const browser = await launchChromium();
const rows: Row[] = [];
try {
  for (const key of values.profiles.split(',')) {
    const profile = PROFILES[key];
    if (!profile) throw new Error(`unknown profile ${key}`);
    for (const name of values.cases.split(',') as CaseName[]) {
      console.error(`running ${profile.name} / ${name} for ${seconds} s ...`);
      rows.push(await runOne(browser, profile, name));
    }
  }
} finally {
  await browser.close();
  server.stop(true);
  rmSync(hlsDir, { recursive: true, force: true });
}

const header = [
  'profile',
  'case',
  'median ms',
  'p95 ms',
  'startup ms',
  'freezes (n/ms)',
  'frames ok/bad',
  'floor median',
  'floor p95',
  'added ms',
  'errors',
];
const lines = rows.map((row) => {
  const c = summary(row.page);
  const f = summary(row.floor);
  const added = c.median !== undefined && f.median !== undefined ? c.median - f.median : undefined;
  return [
    row.profile,
    row.kase,
    fmt(c.median),
    fmt(c.p95),
    fmt(row.page.startupMs),
    `${row.page.stalls}/${fmt(row.page.stallMs)}`,
    `${row.page.latencies.length}/${row.page.rejectedFrames}`,
    fmt(f.median),
    fmt(f.p95),
    fmt(added),
    [...row.page.errors, ...row.floor.errors].join(' ') || '-',
  ];
});
console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const line of lines) console.log(`| ${line.join(' | ')} |`);
process.exit(0);
