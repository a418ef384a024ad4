/**
 * The viewer page through a publisher's disconnect: an OBS-style RTMP publisher (real
 * ffmpeg) is killed, the stream ends (ENDLIST), the page says offline and keeps checking;
 * the publisher comes back and playback resumes by itself.
 */
import { expect, test } from 'bun:test';
import type { Page } from 'playwright-core';
import type { PlayerStats } from '../../player/watch/player-stats.ts';
import { collectPageErrors, keepScreenshot, launchTestChromium } from '../harness/chromium.ts';
import { startTestOrigin, testConfig } from '../harness/test-origin.ts';
import { startTestPublisher } from '../harness/test-publisher.ts';
import { waitFor } from '../harness/wait-for.ts';

const stats = (page: Page) =>
  page.evaluate(() => window.tidewaterPlayer?.stats()) as Promise<PlayerStats | undefined>;

async function playsFor(page: Page, seconds: number, what: string, errors: string[]) {
  const start = await waitFor(
    async () => {
      const s = await stats(page);
      return s?.state === 'playing' && s.currentTime > 0 ? s : undefined;
    },
    25_000,
    `${what}: playback to start (${errors.join(' | ')})`,
    250,
  );
  return waitFor(
    async () => {
      const s = await stats(page);
      return s?.state === 'playing' && s.currentTime > start.currentTime + seconds ? s : undefined;
    },
    15_000,
    `${what}: video time to advance`,
    250,
  );
}

test('playback resumes by itself after the publisher disconnects and comes back', async () => {
  // No reconnect grace: the publisher leaving ends the stream at once (the harder case).
  await using origin = await startTestOrigin(testConfig({ ingest: { reconnectGrace: '0s' } }));
  const created = await origin.api('/api/v1/streams', { method: 'POST', json: { name: 'show' } });
  const stream = (await created.json()) as { streamKey: string; ingest: { obs: { server: string } } };
  const publish = () =>
    startTestPublisher({ output: ['-f', 'flv', `${stream.ingest.obs.server}/${stream.streamKey}`] });

  const first = publish();
  try {
    await using browser = await launchTestChromium();
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${origin.url}/watch/show?stats=1`);
    await playsFor(page, 2, 'first publish', errors);

    first.kill();
    await first.exited;
    await waitFor(
      async () => (await stats(page))?.state === 'offline',
      20_000,
      'the page to show offline',
      250,
    );
    expect(await page.locator('.tw-offline').isVisible()).toBe(true);
    await keepScreenshot(page, 'player-recovery-offline');

    await using second = publish();
    const resumed = await playsFor(page, 2, 'after the publisher came back', errors);
    expect(resumed.restarts).toBeGreaterThanOrEqual(1);
    expect(await page.locator('.tw-offline').isVisible()).toBe(false);
    console.log(
      `player-recovery: resumed after ${resumed.restarts} restart(s), latency ${resumed.latency?.toFixed(2)} s`,
    );
    second.kill();
  } finally {
    first.kill();
  }
}, 59_000);
