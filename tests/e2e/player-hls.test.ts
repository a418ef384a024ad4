/**
 * The viewer page in real headless Chromium against a test origin's demo stream (LL-HLS,
 * passthrough): it plays, stays near the live edge, and the page and its script are
 * served with the right caching.
 */
import { expect, test } from 'bun:test';
import { keepScreenshot, launchTestChromium } from '../harness/chromium.ts';
import { startTestOrigin, testConfig } from '../harness/test-origin.ts';
import { waitFor } from '../harness/wait-for.ts';
import { openWatchPage } from '../harness/watch-page.ts';

test('the watch page plays the demo over LL-HLS near the live edge', async () => {
  await using origin = await startTestOrigin(testConfig({ demo: { enabled: true, ladder: 'off' } }));
  await using browser = await launchTestChromium();
  expect(origin.demo?.player).toBe(`${origin.url}/watch/demo`);

  const { page, response, stats, waitForPlaying } = await openWatchPage(
    browser,
    `${origin.demo?.player}?stats=1`,
  );
  expect(response?.status()).toBe(200);
  expect(response?.headers()['cache-control']).toBe('no-cache');
  const script = await page.getAttribute('script[type=module]', 'src');
  expect(script).toMatch(/^\/player\/watch-main-[a-z0-9]+\.js$/);
  const asset = await fetch(`${origin.url}${script}`);
  expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(asset.headers.get('content-type')).toStartWith('text/javascript');
  // The embed snippet names the embeddable page.
  expect(await page.inputValue('textarea')).toContain(`src="${origin.url}/embed/demo"`);

  const first = await waitForPlaying();
  expect(first.protocol).toBe('hls');
  // Video time advances, and settles within the latency target (catch-up by rate). The
  // last reading goes into the failure message: a loaded machine shows up as stalls there.
  let last: Awaited<ReturnType<typeof stats>>;
  const settled = await waitFor(
    async () => {
      const s = await stats();
      last = s;
      return s &&
        s.currentTime > first.currentTime + 3 &&
        s.latency !== null &&
        s.targetLatency !== null &&
        s.latency <= s.targetLatency + 0.5
        ? s
        : undefined;
    },
    35_000,
    () =>
      `playback near the live edge (last: latency ${last?.latency}, target ${last?.targetLatency}, buffer ${last?.buffer}, stalls ${last?.stalls})`,
    250,
  );
  // Well under regular HLS (HOLD-BACK 6 s), even if hls.js raised its target after a stall.
  expect(settled.latency).toBeLessThan(4);
  expect(settled.playbackRate).toBeLessThanOrEqual(1.1);
  expect(settled.rendition).not.toBeNull();
  await keepScreenshot(page, 'player-hls-watch');
  console.log(
    `player-hls: latency ${settled.latency?.toFixed(2)} s (target ${settled.targetLatency}), buffer ${settled.buffer.toFixed(2)} s, stalls ${settled.stalls}`,
  );

  // The embeddable page is the player alone.
  const embed = await browser.newPage();
  await embed.goto(`${origin.url}/embed/demo`);
  expect(await embed.locator('textarea').count()).toBe(0);
  expect(await embed.locator('video').count()).toBe(1);
  await embed.close();

  // Stream names follow the delivery rules.
  const bad = await fetch(`${origin.url}/watch/Not%20A%20Name`);
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { detail: string }).detail).toContain('is not a stream name');
  expect((await fetch(`${origin.url}/player/watch-main-nope.js`)).status).toBe(404);
}, 59_000);
