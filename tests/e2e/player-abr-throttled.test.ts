/**
 * Our ABR against the library's own on the same throttled network, in real headless
 * Chromium: two pages of the viewer at once (LL-DASH, `abr=ours` and `abr=default`, each in
 * its own context with its own DevTools session), both throttled through
 * Network.emulateNetworkConditions to the same schedule at the same moments, so both see
 * the same machine load. A real origin and a stream with a small ladder (bench/abr-stage.ts:
 * 360p 1200k, 240p 550k, 144p 200k, 2 s segments) fed by a real-time publisher.
 *
 * Schedule: 6000 kbps until both players play the top rung, then 600 kbps for 15 s, then
 * 6000 kbps for 2 s. At 600 kbps only the bottom rung fits (with audio and manifests, 144p
 * needs ~0.4 Mbps, 240p ~0.7, 360p ~1.4): a 2 s segment of 360p (~300 KB) takes ~4 s to
 * arrive, so every top-rung segment a player fetches after the drop freezes it for ~2 s.
 *
 * Why the difference is structural, not luck: dash.js's default throughput rule takes one
 * sample per segment into an average with a 3 s fast half-life, starting from a 6 Mbps
 * history, so it keeps asking for 360p for ~10 s after the drop (two to three slow segments,
 * then 240p, which does not fit either). Ours is fed every body chunk of every segment (0.5 s
 * half-life of transfer time) and leaves the top rung at the first segment boundary after
 * the drop; and the segment in flight when the link fell, once its chunks arrive back to back
 * below its bitrate for 200 ms with too short a buffer left, is abandoned and loaded again at
 * the rung the measured rate carries (player/dash/dash-abandon-rule.ts; dash.js's own abandon
 * rule is off under ours). Measured 2026-12-03 on 2 shared cores (load 3-7), 6 runs: ours
 * frozen 0 ms every time (switched to 144p 0.5-2.2 s after the drop), default 4945-5861 ms.
 * Without the abandon rule, 11 runs: ours 1151-2103 ms. Asserted: both were on the top rung
 * when the link fell, ours switched down, the default froze at least once, ours froze for
 * less total time.
 *
 * hls.js (compareOnDrop('hls'), same schedule, PART-HOLD-BACK 0.6 s) is not asserted here.
 * Ours won 19 of 20 runs (2026-12-03, load 4-12), ours/default frozen ms: 1100/4588,
 * 3876/5389, 0/1674, 3457/7421, 3252/4095, 0/1299, 0/3393, 2950/3298, 3462/5725, 2950/2251,
 * 3983/9117, 2449/5606, 4257/7191, 2456/3393, 3050/4862, 2948/6005, 2804/3058, 2950/3196,
 * 2398/8248, 3153/5403: a loss, and margins of 250 ms in a quarter of the runs, is a flaky
 * test. Both freeze ~2-2.5 s at the drop whatever the ABR: with a 0.6 s buffer and one
 * keyframe per 2 s segment, any switch reloads the segment under the playhead from its first
 * part, and Chromium then shows no new frame until the next segment's keyframe. Ours only
 * avoids hls.js's later mistakes (a boundary switch that reloads the previous segment whole,
 * 240p tried at 600 kbps): player/hls/hls-switch-policy.ts.
 *
 * Frozen picture is measured in the page (not through the DevTools round trip): every 50 ms
 * the video counts as advancing only if both its time and its decoded-frame count moved
 * (Chromium keeps the audio clock running for up to ~3 s when only video runs dry, so the
 * time alone misses a frozen picture). Freezes shorter than 0.5 s are not counted: such
 * hiccups come from a busy shared CPU as much as from the network and only add noise.
 */
import { expect, test } from 'bun:test';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { ABR_LADDER, startAbrStream, throttleNetwork } from '../../bench/abr-stage.ts';
import { collectPageErrors, launchTestChromium } from '../harness/chromium.ts';
import { startTestOrigin, testConfig } from '../harness/test-origin.ts';
import { waitFor } from '../harness/wait-for.ts';

const HIGH_KBPS = 6000;
const LOW_KBPS = 600;
const RTT_MS = 10;
const DROP_MS = 15_000;
const TAIL_MS = 2000;
const TOP = `${ABR_LADDER[0].shortSide}p`;

/** What the in-page probe measured since its last mark. */
interface ProbeReading {
  /** Wall time the picture stood still (freezes of 0.5 s or more), ms. */
  frozenMs: number;
  freezes: number;
  /** `waiting` events (the player's own stall count). */
  stalls: number;
  /** Renditions on screen, in the order they appeared. */
  renditions: string[];
  /** Seconds of video played. */
  playedSeconds: number;
  /** Rendition changes and freezes, with seconds since the mark. */
  events: string[];
}

declare global {
  interface Window {
    abrProbe?: { mark(): void; read(): ProbeReading };
  }
}

/** Runs in the page: see the file header. */
function installProbe() {
  const MIN_FREEZE_MS = 500;
  const video = document.querySelector('video');
  const decodedFrames = () => video?.getVideoPlaybackQuality().totalVideoFrames ?? 0;
  let markAt = performance.now();
  let frozenMs = 0;
  let freezes = 0;
  let frozenSince: number | null = null;
  let stallsAtMark = 0;
  let timeAtMark = 0;
  let renditions: string[] = [];
  let events: string[] = [];
  let last: { at: number; time: number; frames: number; rendition: string | null } | null = null;
  const since = (at: number) => ((at - markAt) / 1000).toFixed(1);
  setInterval(() => {
    const stats = window.tidewaterPlayer?.stats();
    if (!stats) return;
    const now = performance.now();
    const frames = decodedFrames();
    if (last === null) {
      // Nothing counts before the first frame: startup is not a stall.
      if (stats.state === 'playing' && stats.currentTime > 0)
        last = { at: now, time: stats.currentTime, frames, rendition: stats.rendition };
      return;
    }
    const advanced = stats.state === 'playing' && stats.currentTime > last.time && frames > last.frames;
    if (!advanced) frozenSince ??= last.at;
    else if (frozenSince !== null) {
      const length = now - frozenSince;
      if (length >= MIN_FREEZE_MS) {
        frozenMs += length;
        freezes++;
        events.push(`${since(frozenSince)}s frozen ${Math.round(length)}ms`);
      }
      frozenSince = null;
    }
    if (stats.rendition !== null && stats.rendition !== last.rendition) {
      events.push(`${since(now)}s ${stats.rendition}`);
      if (!renditions.includes(stats.rendition)) renditions.push(stats.rendition);
    }
    last = { at: now, time: stats.currentTime, frames, rendition: stats.rendition ?? last.rendition };
  }, 50);
  window.abrProbe = {
    mark() {
      const stats = window.tidewaterPlayer?.stats();
      markAt = performance.now();
      frozenMs = 0;
      freezes = 0;
      frozenSince = null;
      events = [];
      stallsAtMark = stats?.stalls ?? 0;
      timeAtMark = stats?.currentTime ?? 0;
      renditions = stats?.rendition ? [stats.rendition] : [];
    },
    read() {
      const stats = window.tidewaterPlayer?.stats();
      const now = performance.now();
      const ongoing = frozenSince !== null && now - frozenSince >= MIN_FREEZE_MS ? now - frozenSince : 0;
      return {
        frozenMs: Math.round(frozenMs + ongoing),
        freezes: freezes + (ongoing ? 1 : 0),
        stalls: (stats?.stalls ?? 0) - stallsAtMark,
        renditions,
        playedSeconds: (stats?.currentTime ?? 0) - timeAtMark,
        events: ongoing ? [...events, `${since(now - ongoing)}s frozen ${Math.round(ongoing)}ms+`] : events,
      };
    },
  };
}

interface Viewer {
  abr: 'ours' | 'default';
  page: Page;
  cdp: CDPSession;
  errors: string[];
}

/** The viewer in a context of its own with its own DevTools session, throttled before it loads. */
async function openViewer(browser: Browser, url: string, abr: Viewer['abr']): Promise<Viewer> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await throttleNetwork(cdp, HIGH_KBPS, RTT_MS);
  await page.goto(`${url}&abr=${abr}`);
  await page.waitForFunction(() => window.tidewaterPlayer !== undefined);
  await page.evaluate(installProbe);
  return { abr, page, cdp, errors };
}

const stats = (viewer: Viewer) => viewer.page.evaluate(() => window.tidewaterPlayer?.stats());
const readProbe = (viewer: Viewer) =>
  viewer.page.evaluate(() => window.abrProbe?.read()) as Promise<ProbeReading>;
const throttleBoth = (viewers: Viewer[], kbps: number) =>
  Promise.all(viewers.map((viewer) => throttleNetwork(viewer.cdp, kbps, RTT_MS)));

/** What one comparison measured: ours and the default on the same drop, at the same moments. */
interface Comparison {
  ours: ProbeReading;
  theirs: ProbeReading;
}

/**
 * Both viewers of `protocol` on the top rung at HIGH_KBPS, then LOW_KBPS for DROP_MS and
 * HIGH_KBPS again for TAIL_MS; prints both readings.
 */
async function compareOnDrop(protocol: 'hls' | 'dash'): Promise<Comparison> {
  await using origin = await startTestOrigin(testConfig());
  const stream = await startAbrStream(origin);
  await using _publisher = stream.publisher;
  await using browser = await launchTestChromium();
  const url = `${origin.url}/watch/${stream.name}?protocol=${protocol}`;
  const viewers = await Promise.all([openViewer(browser, url, 'ours'), openViewer(browser, url, 'default')]);
  const [ours, theirs] = viewers as [Viewer, Viewer];

  // Both on the top rung when the link falls: a player already low would prove nothing,
  // and ours must show it uses a good link.
  const warmUpStart = performance.now();
  await waitFor(
    async () =>
      (await Promise.all(viewers.map(stats))).every((s) => s?.state === 'playing' && s.rendition === TOP),
    40_000,
    `both players on ${TOP} at ${HIGH_KBPS} kbps`,
    250,
  ).catch(async (error: Error) => {
    const now = await Promise.all(viewers.map(stats));
    const state = viewers.map((v, i) => `${v.abr}: ${now[i]?.state} ${now[i]?.rendition}`).join(', ');
    const errors = viewers.flatMap((v) => v.errors).join(' | ') || 'none';
    throw new Error(`${error.message} (${state}; page errors: ${errors})`);
  });
  const warmUpMs = Math.round(performance.now() - warmUpStart);

  await Promise.all(viewers.map((viewer) => viewer.page.evaluate(() => window.abrProbe?.mark())));
  await throttleBoth(viewers, LOW_KBPS);
  // The schedule is the experiment, not a wait for a condition: both pages get the same drop
  // for the same wall time.
  await Bun.sleep(DROP_MS);
  await throttleBoth(viewers, HIGH_KBPS);
  await Bun.sleep(TAIL_MS);
  const [ourReading, theirReading] = await Promise.all([readProbe(ours), readProbe(theirs)]);

  const load = (await Bun.file('/proc/loadavg').text()).split(' ').slice(0, 3).join(' ');
  for (const [name, r] of [
    ['ours', ourReading],
    ['default', theirReading],
  ] as const)
    console.log(
      `player-abr-throttled ${protocol} ${name}: frozen ${r.frozenMs} ms in ${r.freezes} freeze(s), ${r.stalls} waiting, played ${r.playedSeconds.toFixed(1)} s, renditions ${r.renditions.join(' > ')} | ${r.events.join(', ')}`,
    );
  console.log(
    `player-abr-throttled ${protocol}: ${HIGH_KBPS} -> ${LOW_KBPS} kbps for ${DROP_MS / 1000} s (+${TAIL_MS / 1000} s back up), RTT ${RTT_MS} ms, warm-up ${warmUpMs} ms, load ${load}`,
  );
  return { ours: ourReading, theirs: theirReading };
}

test('LL-DASH: when the link drops our ABR switches down and freezes less than dash.js’s own', async () => {
  const { ours, theirs } = await compareOnDrop('dash');
  expect(ours.renditions.some((rendition) => rendition !== TOP)).toBe(true);
  expect(theirs.freezes).toBeGreaterThanOrEqual(1);
  expect(ours.frozenMs).toBeLessThan(theirs.frozenMs);
}, 80_000);
