/**
 * Glass-to-glass latency of live LL-DASH paths in dash.js, read from pixels in headless Chromium.
 *   bun bench/g2g-dash.ts [--seconds 60] [--cases origin-dash,ffmpeg-dash] [--profiles obs,zerolatency]
 *                         [--live-delay 1] [--catch-up 0.1] [--max-drift <s>] [--trace <prefix>]
 * The method of glass-to-glass.ts (see bench/README.md): per encoder profile and case, one
 * encoder burns its capture time into every frame and feeds both the case's LL-DASH path,
 * played by dash.js in low-latency mode, and the encoder floor (fMP4 over a WebSocket into
 * MSE); both pages play at once. `--seconds 600` is the 10-minute no-stall check.
 * Prints a table, then one JSON line with every number.
 */

import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import type { Profile } from './g2g-cases.ts';
import { DASH_CASES, type DashCaseName, startDashCase } from './g2g-dash-cases.ts';
import { type DashPageResult, dashPlayerPage } from './g2g-dash-player-page.ts';
import { ChunkedRelay } from './g2g-dash-relay.ts';
import { FloorRelay } from './g2g-floor-relay.ts';
import { type PageResult, playerPage } from './g2g-player-page.ts';
import { launchChromium } from './headless-chromium.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    cases: { type: 'string', default: DASH_CASES.join(',') },
    profiles: { type: 'string', default: 'obs,zerolatency' },
    // Tidewater's MPD says 1 s for 0.2 s parts (Latency@target = five parts); FFmpeg's gets the same
    // -target_latency: the same explicit liveDelay for both keeps the player's aim identical.
    'live-delay': { type: 'string', default: '1' },
    // dash.js catch-up rate bounds, +/- (0.1 = 0.9x..1.1x); overrides the MPDs' PlaybackRate.
    'catch-up': { type: 'string', default: '0.1' },
    'max-drift': { type: 'string' },
    // Write the dash.js page's trace (samples every 250 ms, player events) to this file prefix.
    trace: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const liveDelay = Number(values['live-delay']);
const catchUp = Number(values['catch-up']);
if (!(seconds > 0) || !(liveDelay > 0) || !(catchUp >= 0 && catchUp <= 0.5))
  throw new Error('--seconds and --live-delay must be > 0, --catch-up within 0..0.5');
const PROFILES: Record<string, Profile> = {
  obs: { name: 'OBS-like (bf 2)', encoder: { bFrames: 2, zeroLatency: false } },
  zerolatency: { name: 'zerolatency', encoder: { bFrames: 0, zeroLatency: true } },
};

const modules = join(import.meta.dir, '../node_modules');
const DASH_JS = Bun.file(join(modules, 'dashjs/dist/modern/umd/dash.all.min.js'));
const HLS_JS = Bun.file(join(modules, 'hls.js/dist/hls.min.js'));
const dashVersion: string = (await Bun.file(join(modules, 'dashjs/package.json')).json()).version;
const js = (file: Blob) => new Response(file, { headers: { 'content-type': 'text/javascript' } });
const html = (text: string) => new Response(text, { headers: { 'content-type': 'text/html' } });
let floor: FloorRelay | undefined;
const relay = new ChunkedRelay();
const server = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  // A segment upload stays open for its 2 s; held readers likewise.
  idleTimeout: 30,
  fetch(req, srv) {
    const path = new URL(req.url).pathname;
    if (path === '/floor')
      return srv.upgrade(req) ? undefined : new Response('upgrade failed', { status: 400 });
    if (path === '/time')
      return new Response(new Date().toISOString(), { headers: { 'cache-control': 'no-store' } });
    if (path.startsWith('/ffdash/')) return relay.handle(req, path.slice('/ffdash/'.length));
    if (path === '/dash.all.min.js') return js(DASH_JS);
    if (path === '/hls.min.js') return js(HLS_JS);
    if (path === '/dash-player') return html(dashPlayerPage());
    if (path === '/floor-player') return html(playerPage());
    return new Response('not found', { status: 404 });
  },
  websocket: {
    open(ws) {
      if (!floor?.join(ws)) ws.close(1013, 'no init segment yet');
    },
    close(ws) {
      floor?.leave(ws);
    },
    message() {},
  },
});
const base = `http://127.0.0.1:${server.port}`;

interface Row {
  profile: string;
  kase: DashCaseName;
  page: DashPageResult;
  floor: PageResult;
  failures: Record<string, number>;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await Bun.sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function runOne(browser: Browser, profile: Profile, name: DashCaseName): Promise<Row> {
  floor = new FloorRelay();
  const running = startDashCase(name, {
    profile,
    floorUrl: floor.url,
    benchBase: base,
    relay,
    targetLatencySeconds: liveDelay,
  });
  const pages: Page[] = [];
  try {
    // Start ~3 segments in, as the hls.js bench does: the player joins a running stream.
    await waitFor(running.ready, 30_000, `${name}: 3 segments`);
    await waitFor(
      () =>
        fetch(running.mpdUrl).then(
          (r) => r.ok,
          () => false,
        ),
      10_000,
      `${name}: the MPD`,
    );
    const failures = new Map<string, number>();
    const open = async (path: string, countFailures = false) => {
      const page = await browser.newPage();
      pages.push(page);
      page.on('pageerror', (e) => console.error(`[${name}] page error: ${e.message}`));
      // Failed requests (e.g. a segment asked for before it exists): how often, and which kind.
      if (countFailures)
        page.on('response', (res) => {
          if (res.status() < 400) return;
          const key = `${res.status()} ${new URL(res.url()).pathname.replace(/\d+/g, 'N')}`;
          failures.set(key, (failures.get(key) ?? 0) + 1);
        });
      await page.goto(`${base}${path}`);
      return page;
    };
    const q = new URLSearchParams({
      src: running.mpdUrl,
      time: `${base}/time`,
      delay: String(liveDelay),
      rate: String(catchUp),
      ...(values['max-drift'] ? { drift: values['max-drift'] } : {}),
      ...(values.trace ? { trace: '1' } : {}),
    });
    const [dashPage, floorPage] = await Promise.all([
      open(`/dash-player?${q}`, true),
      open(`/floor-player?mode=floor&src=${encodeURIComponent(`ws://127.0.0.1:${server.port}/floor`)}`),
    ]);
    await Bun.sleep(seconds * 1000);
    const collect = <T>(page: Page) =>
      page.evaluate(() => (window as unknown as { g2g: unknown }).g2g) as Promise<T>;
    const page = await collect<DashPageResult>(dashPage);
    if (values.trace && page.trace) {
      const file = `${values.trace}-${name}-${Object.keys(PROFILES).find((k) => PROFILES[k] === profile)}.json`;
      await Bun.write(file, JSON.stringify(page.trace));
      console.error(`trace: ${file}`);
    }
    return {
      profile: profile.name,
      kase: name,
      page,
      floor: await collect<PageResult>(floorPage),
      failures: Object.fromEntries(failures),
    };
  } finally {
    for (const page of pages) await page.close().catch(() => {});
    await running.stop();
    floor.stop();
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** Steady state: the first 150 frames (~5 s, the player finding its live edge) left out, as in glass-to-glass.ts. */
function summary(latencies: number[], skip = 150): { median?: number; p95?: number } {
  const settled = latencies.slice(Math.min(skip, Math.floor(latencies.length / 2)));
  const sorted = settled.toSorted((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
}

const round = (n: number | undefined) => (n === undefined ? undefined : Math.round(n));
const fmt = (n: number | undefined) => (n === undefined ? '-' : String(Math.round(n)));

const browser = await launchChromium();
const rows: Row[] = [];
const loadBefore = (await Bun.file('/proc/loadavg').text()).split(' ').slice(0, 3).join(' ');
try {
  for (const key of values.profiles.split(',')) {
    const profile = PROFILES[key];
    if (!profile) throw new Error(`unknown profile ${key}`);
    for (const name of values.cases.split(',') as DashCaseName[]) {
      if (!DASH_CASES.includes(name)) throw new Error(`unknown case ${name}`);
      console.error(`running ${profile.name} / ${name} for ${seconds} s ...`);
      rows.push(await runOne(browser, profile, name));
    }
  }
} finally {
  await browser.close();
  server.stop(true);
}
const loadAfter = (await Bun.file('/proc/loadavg').text()).split(' ').slice(0, 3).join(' ');

const results = rows.map((row) => {
  const c = summary(row.page.latencies);
  const f = summary(row.floor.latencies);
  // dash.js samples every 500 ms: skip its first 5 s too.
  const player = summary(row.page.playerLatencies, 10);
  return {
    profile: row.profile,
    case: row.kase,
    medianMs: round(c.median),
    p95Ms: round(c.p95),
    // The second half alone: where catch-up has brought the player (p95 above includes the way there).
    lateMedianMs: round(summary(row.page.latencies.slice(row.page.latencies.length >> 1), 0).median),
    startupMs: round(row.page.startupMs),
    stalls: row.page.stalls,
    stallMs: round(row.page.stallMs),
    framesOk: row.page.latencies.length,
    framesBad: row.page.rejectedFrames,
    floorMedianMs: round(f.median),
    floorP95Ms: round(f.p95),
    addedMs: c.median !== undefined && f.median !== undefined ? Math.round(c.median - f.median) : undefined,
    dashjsLatencyMs: round(player.median),
    lowLatencyMode: row.page.lowLatency,
    rate:
      row.page.minRate === undefined
        ? undefined
        : `${row.page.minRate.toFixed(2)}-${(row.page.maxRate ?? row.page.minRate).toFixed(2)}`,
    errors: [...row.page.errors, ...row.floor.errors],
    httpFailures: row.failures,
    waits: row.page.waits,
  };
});

const header = [
  'profile',
  'case',
  'median ms',
  'p95 ms',
  '2nd-half median',
  'startup ms',
  'stalls (n/ms)',
  'frames ok/bad',
  'floor median',
  'floor p95',
  'added ms',
  'dash.js latency',
  'LL mode',
  'rate',
  'errors',
];
console.log(
  `LL-DASH glass-to-glass, dash.js ${dashVersion}, liveDelay ${liveDelay} s, catch-up ±${catchUp}, ${seconds} s per case; load average ${loadBefore} -> ${loadAfter}`,
);
console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const r of results) {
  console.log(
    `| ${[
      r.profile,
      r.case,
      fmt(r.medianMs),
      fmt(r.p95Ms),
      fmt(r.lateMedianMs),
      fmt(r.startupMs),
      `${r.stalls}/${fmt(r.stallMs)}`,
      `${r.framesOk}/${r.framesBad}`,
      fmt(r.floorMedianMs),
      fmt(r.floorP95Ms),
      fmt(r.addedMs),
      fmt(r.dashjsLatencyMs),
      String(r.lowLatencyMode ?? '-'),
      r.rate ?? '-',
      r.errors.join(' ') || '-',
    ].join(' | ')} |`,
  );
}
console.log(
  JSON.stringify({
    bench: 'g2g-dash',
    seconds,
    liveDelay,
    catchUp,
    loadAverage: { before: loadBefore, after: loadAfter },
    results,
  }),
);
process.exit(0);
