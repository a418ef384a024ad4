/**
 * The viewer page through a publisher's disconnect: an OBS-style RTMP publisher (real
 * ffmpeg) is killed, the stream ends (ENDLIST), the page says offline and keeps checking;
 * the publisher comes back and playback resumes by itself.
 */
import { expect, test } from 'bun:test';
import { keepScreenshot, launchTestChromium } from '../harness/chromium.ts';
import { startTestOrigin, testConfig } from '../harness/test-origin.ts';
import { startTestPublisher } from '../harness/test-publisher.ts';
import { waitFor } from '../harness/wait-for.ts';
import { openWatchPage } from '../harness/watch-page.ts';

// Shorter than the harness defaults: this test waits for playback twice within its 59 s.
const deadlines = { startTimeoutMs: 25_000, advanceTimeoutMs: 15_000 };

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
    const { page, stats, playsFor } = await openWatchPage(browser, `${origin.url}/watch/show?stats=1`);
    await playsFor(2, { what: 'first publish', ...deadlines });

    first.kill();
    await first.exited;
    await waitFor(async () => (await stats())?.state === 'offline', 20_000, 'the page to show offline', 250);
    expect(await page.locator('.tw-offline').isVisible()).toBe(true);
    await keepScreenshot(page, 'player-recovery-offline');

    await using second = publish();
    const resumed = await playsFor(2, { what: 'after the publisher came back', ...deadlines });
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
