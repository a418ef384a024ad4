/**
 * Our low-latency ABR against hls.js's and dash.js's own, on the same throttled network.
 *   bun bench/player-abr.ts [--seconds 40] [--cases hls-ours,hls-default,dash-ours,dash-default]
 *                           [--schedule 3000,900,2000,700] [--step 10] [--rtt 40] [--rounds 1]
 *                           [--query name=value&...]
 * One origin, one RTMP publisher (ffmpeg test pattern 640x360, 2 s GOP) on a stream with a
 * small, cheap ladder (360p 1200k, 240p 550k, 144p 200k: the demo's 720p ladder needs more
 * CPU than a shared 2-core machine has, and the encoder falling behind real time starves
 * every player alike). For each case a fresh page of the real viewer
 * (/watch/abr?protocol=..&abr=ours|default) in headless Chromium, its network throttled
 * through the DevTools protocol (Network.emulateNetworkConditions) to each kbps of the
 * schedule for `step` seconds in turn. Cases run one after another, never together.
 * `--query` is added to every page's URL (e.g. `latency=3`). TRACE=1 prints each stats poll
 * and the page's console.
 */
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'playwright-core';
import type { PlayerStats } from '../player/watch/player-stats.ts';
import { startTestOrigin, testConfig } from '../tests/harness/test-origin.ts';
import { ABR_LADDER, startAbrStream, throttleNetwork } from './abr-stage.ts';
import { launchChromium } from './headless-chromium.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '40' },
    cases: { type: 'string', default: 'hls-ours,hls-default,dash-ours,dash-default' },
    schedule: { type: 'string', default: '3000,900,2000,700' },
    rounds: { type: 'string', default: '1' },
    step: { type: 'string', default: '10' },
    rtt: { type: 'string', default: '40' },
    query: { type: 'string', default: '' },
  },
});
const seconds = Number(values.seconds);
const schedule = values.schedule.split(',').map(Number);
const stepMs = Number(values.step) * 1000;
const rttMs = Number(values.rtt);
const rounds = Number(values.rounds);
const cases = values.cases.split(',').map((name) => {
  const [protocol, abr] = name.split('-');
  if ((protocol !== 'hls' && protocol !== 'dash') || (abr !== 'ours' && abr !== 'default'))
    throw new Error(`unknown case "${name}" (hls-ours, hls-default, dash-ours, dash-default)`);
  return { name, protocol, abr };
});

interface CaseResult {
  case: string;
  startupMs: number | null;
  stalls: number;
  stallMs: number;
  frozenMs: number;
  avgBitrateKbps: number;
  switches: number;
  latencyMedian: number | null;
  latencyP95: number | null;
  /** Last latency minus the first one after start: how far the player slid from the edge. */
  latencyDrift: number | null;
  target: number | null;
}

// Counts every wait for data after the first frame, and how long it lasted.
const STALL_PROBE = `(() => {
  const video = document.querySelector('video');
  const probe = (window.stallProbe = { stalls: 0, stallMs: 0, since: null, started: null });
  video.addEventListener('playing', () => {
    probe.started ??= performance.now();
    if (probe.since !== null) { probe.stallMs += performance.now() - probe.since; probe.since = null; }
  });
  video.addEventListener('waiting', () => {
    if (probe.started !== null && probe.since === null && !video.seeking) { probe.stalls++; probe.since = performance.now(); }
  });
})()`;

const throttle = (cdp: CDPSession, kbps: number) => throttleNetwork(cdp, kbps, rttMs);

const quantile = (sorted: number[], q: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null) : null;

async function runCase(page: Page, url: string, name: string): Promise<CaseResult> {
  if (process.env.TRACE) page.on('console', (m) => console.error(`  page: ${m.text().slice(0, 200)}`));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await throttle(cdp, schedule[0] ?? 8000);
  const t0 = performance.now();
  await page.goto(url);
  await page.evaluate(STALL_PROBE);
  const bitrates: number[] = [];
  const latencies: number[] = [];
  let startupMs: number | null = null;
  let switches = 0;
  let lastRendition: string | null = null;
  let stats: PlayerStats | undefined;
  let step = -1;
  // Frozen time: wall time during which the video, once started, did not advance.
  let frozenMs = 0;
  let last: { at: number; currentTime: number } | undefined;
  while (performance.now() - t0 < seconds * 1000) {
    const nextStep = Math.floor((performance.now() - t0) / stepMs) % schedule.length;
    if (nextStep !== step) {
      step = nextStep;
      await throttle(cdp, schedule[step] ?? 8000);
    }
    await Bun.sleep(250);
    stats = (await page.evaluate(() => window.tidewaterPlayer?.stats())) as PlayerStats | undefined;
    if (process.env.TRACE && stats)
      console.error(
        `${((performance.now() - t0) / 1000).toFixed(1)} ${schedule[step]}kbps ${stats.state} t=${stats.currentTime.toFixed(2)} lat=${stats.latency?.toFixed(2)} buf=${stats.buffer.toFixed(2)} ${stats.rendition} thr=${Math.round((stats.throughput ?? 0) / 1000)} rate=${stats.playbackRate.toFixed(2)}`,
      );
    const now = performance.now();
    if (last && stats && stats.currentTime - last.currentTime < 0.05) frozenMs += now - last.at;
    if (stats && (last || (stats.state === 'playing' && stats.currentTime > 0)))
      last = { at: now, currentTime: stats.currentTime };
    if (stats?.state !== 'playing') continue;
    startupMs ??= Math.round(performance.now() - t0);
    if (stats.bitrate !== null) bitrates.push(stats.bitrate);
    if (stats.latency !== null) latencies.push(stats.latency);
    if (stats.rendition !== lastRendition && lastRendition !== null) switches++;
    lastRendition = stats.rendition;
  }
  const probe = (await page.evaluate('window.stallProbe')) as { stalls: number; stallMs: number };
  await cdp.detach();
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    case: name,
    startupMs,
    stalls: probe.stalls,
    stallMs: Math.round(probe.stallMs),
    frozenMs: Math.round(frozenMs),
    avgBitrateKbps: bitrates.length
      ? Math.round(bitrates.reduce((a, b) => a + b, 0) / bitrates.length / 1000)
      : 0,
    switches,
    latencyMedian: round(quantile(sorted, 0.5)),
    latencyP95: round(quantile(sorted, 0.95)),
    latencyDrift: latencies.length > 1 ? round((latencies.at(-1) ?? 0) - (latencies[0] ?? 0)) : null,
    target: round(stats?.targetLatency ?? null),
  };
}

await using origin = await startTestOrigin(testConfig());
// Let the ladder make a few segments first, so every case starts on the same footing.
const stream = await startAbrStream(origin);
await using publisher = stream.publisher;
const browser = await launchChromium();
const results: CaseResult[] = [];
try {
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      console.error(`running ${c.name} for ${seconds} s ...`);
      const context = await browser.newContext();
      const page = await context.newPage();
      results.push(
        await runCase(
          page,
          `${origin.url}/watch/${stream.name}?protocol=${c.protocol}&abr=${c.abr}${values.query ? `&${values.query}` : ''}`,
          c.name,
        ),
      );
      await context.close();
    }
  }
  publisher.kill();
} finally {
  await browser.close();
}

const load = (await Bun.file('/proc/loadavg').text()).split(' ').slice(0, 3).join(' ');
console.log(
  `Player ABR under throttling: ${schedule.join('/')} kbps, ${stepMs / 1000} s each, RTT ${rttMs} ms, ${seconds} s per case; ladder ${ABR_LADDER.map((r) => `${r.shortSide}p ${r.videoBitrateKbps}k`).join(' / ')}; load ${load}`,
);
console.log(
  '| case | startup ms | stalls | stall ms | frozen ms | avg kbps | switches | latency median | p95 | drift | target |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results)
  console.log(
    `| ${r.case} | ${r.startupMs ?? '-'} | ${r.stalls} | ${r.stallMs} | ${r.frozenMs} | ${r.avgBitrateKbps} | ${r.switches} | ${r.latencyMedian ?? '-'} | ${r.latencyP95 ?? '-'} | ${r.latencyDrift ?? '-'} | ${r.target ?? '-'} |`,
  );
console.log(JSON.stringify({ bench: 'player-abr', seconds, schedule, stepMs, rttMs, load, results }));
