/**
 * The viewer page on the demo's ABR ladder in real headless Chromium: the quality menu
 * lists every rendition, picking one puts it on screen, and LL-DASH mode (the protocol
 * switch) plays too.
 */
import { expect, test } from 'bun:test';
import { keepScreenshot, launchTestChromium } from '../harness/chromium.ts';
import { startTestOrigin, testConfig } from '../harness/test-origin.ts';
import { waitFor } from '../harness/wait-for.ts';
import { openWatchPage } from '../harness/watch-page.ts';

test('quality menu lists the ladder and switches rendition; LL-DASH plays too', async () => {
  await using origin = await startTestOrigin(testConfig({ demo: { enabled: true, ladder: 'on' } }));
  await using browser = await launchTestChromium();
  const { page, stats, playsFor } = await openWatchPage(browser, `${origin.url}/watch/demo?stats=1`);
  await playsFor(1, { what: 'HLS' });
  const labels = await page.locator('.tw-quality option').allTextContents();
  expect(labels[0]).toBe('Auto');
  expect(labels.slice(1).map((l) => l.split(' ')[0])).toEqual(['720p', '480p', '360p']);

  // Pick the lowest rendition from the menu: it is what plays next.
  console.log(`player-ladder: quality menu ${labels.join(' | ')}`);
  const values = await page
    .locator('.tw-quality option')
    .evaluateAll((o) => o.map((e) => (e as HTMLOptionElement).value));
  await page.selectOption('.tw-quality', values[3] as string);
  await waitFor(
    async () => (await stats())?.rendition === '360p',
    20_000,
    'the 360p rendition on screen',
    250,
  );
  const low = await playsFor(1, { what: 'HLS at 360p' });
  expect(low.rendition).toBe('360p');
  await page.selectOption('.tw-quality', values[1] as string);
  await waitFor(
    async () => (await stats())?.rendition === '720p',
    20_000,
    'the 720p rendition on screen',
    250,
  );
  await page.selectOption('.tw-quality', '-1');
  await keepScreenshot(page, 'player-ladder-hls');

  // The protocol switch: the same page plays LL-DASH.
  await page.selectOption('.tw-protocol', 'dash');
  const dash = await playsFor(2, { what: 'DASH' });
  expect(dash.protocol).toBe('dash');
  expect(dash.renditions).toBe(3);
  expect(dash.latency).not.toBeNull();
  console.log(
    `player-ladder: DASH latency ${dash.latency?.toFixed(2)} s (target ${dash.targetLatency}), rendition ${dash.rendition}, stalls ${dash.stalls}`,
  );
  await keepScreenshot(page, 'player-ladder-dash');
}, 59_000);
