/**
 * The operator console in real headless Chromium against a test origin: a wrong key is
 * refused with a message; an admin creates a stream and reads its OBS settings, adds a
 * UDP restream destination, and (without reloading) sees the stream and the destination
 * turn live when a publisher sends; a read-only key sees everything but no write
 * buttons; API errors reach the operator as sentences. Screenshots go to test-artifacts/.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startUdpSink, type UdpSink } from '../../restream/restream-test-sinks.ts';
import { collectPageErrors, keepScreenshot, launchTestChromium } from '../harness/chromium.ts';
import { startTestOrigin, type TestOrigin, testAdminKey, testConfig } from '../harness/test-origin.ts';
import { startTestPublisher } from '../harness/test-publisher.ts';
import { waitFor } from '../harness/wait-for.ts';

interface StreamAnswer {
  id: string;
  name: string;
  streamKey: string;
  udpPort: number;
  ingest: { obs: { server: string; streamKey: string } };
}

let origin: TestOrigin;
let browser: Browser & AsyncDisposable;
let sink: UdpSink;

beforeAll(async () => {
  origin = await startTestOrigin(testConfig({ ingest: { reconnectGrace: '1s' } }));
  browser = await launchTestChromium();
  sink = await startUdpSink();
}, 30_000);

afterAll(async () => {
  sink?.close();
  await browser?.[Symbol.asyncDispose]();
  await origin?.[Symbol.asyncDispose]();
}, 30_000);

async function signIn(page: Page, key: string): Promise<void> {
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Script errors; failed requests are left out (the console shows those, e.g. the wrong key's 401). */
const scriptErrors = (errors: string[]) => errors.filter((e) => !e.includes('Failed to load resource'));

/** `data-state` of the badge under `selector`, for waitFor. */
const badgeState = (page: Page, selector: string) =>
  page
    .locator(`${selector} .badge`)
    .first()
    .getAttribute('data-state', { timeout: 1000 })
    .catch(() => null);

/** The admin's tab, shared by the first two tests (the second continues where the first ends). */
let adminTab: { context: BrowserContext; page: Page; errors: string[] } | undefined;
let adminStream: (StreamAnswer & { dvrWindowSeconds: number }) | undefined;

test('a wrong key is refused; an admin signs in, creates a stream and reads its OBS settings', async () => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  adminTab = { context, page, errors };

  const response = await page.goto(`${origin.url}/console`);
  expect(response?.status()).toBe(200);
  const headers = response?.headers() ?? {};
  expect(headers['cache-control']).toBe('no-cache');
  expect(headers['content-security-policy']).toContain("default-src 'self'");
  expect(headers['content-security-policy']).toContain("connect-src 'self' ws: wss:");
  const script = await page.getAttribute('script[type=module]', 'src');
  expect(script).toMatch(/^\/console\/assets\/console-main-[a-z0-9]+\.js$/);
  expect((await fetch(`${origin.url}${script}`)).headers.get('cache-control')).toBe(
    'public, max-age=31536000, immutable',
  );

  // A wrong key is refused with the API's reason.
  await signIn(page, 'tw_not_a_real_key');
  await page.locator('.login-message:not(:empty)').waitFor({ timeout: 10_000 });
  expect(await page.locator('.login-message').textContent()).toContain('unknown or revoked');
  await keepScreenshot(page, 'console-login-refused');

  await signIn(page, testAdminKey);
  await page.getByRole('heading', { name: 'Streams' }).waitFor({ timeout: 10_000 });
  expect(await page.locator('.scope').textContent()).toBe('admin');
  await page.locator('.connection[data-state="open"]').waitFor({ timeout: 10_000 });
  expect(await page.evaluate(() => sessionStorage.length)).toBe(1);

  // Create a stream in the UI; its page shows the OBS settings with copy buttons.
  await page.getByRole('button', { name: 'New stream' }).click();
  await page.getByLabel('Name', { exact: true }).fill('console-cam');
  await page.getByLabel('DVR window (seconds)').fill('60');
  await page.getByRole('button', { name: 'Create stream' }).click();
  await page.waitForURL(/#\/streams\/str_[A-Za-z0-9_-]{12}\?created$/, { timeout: 10_000 });
  const id = /str_[A-Za-z0-9_-]{12}/.exec(page.url())?.[0] as string;
  const stream = (await (await origin.api(`/api/v1/streams/${id}`)).json()) as StreamAnswer & {
    dvrWindowSeconds: number;
  };
  adminStream = stream;
  expect(stream.dvrWindowSeconds).toBe(60);
  await page.getByRole('heading', { name: 'console-cam' }).waitFor();
  expect(await page.locator('.created').textContent()).toContain('created');
  expect(await page.getByLabel('Server', { exact: true }).inputValue()).toBe(stream.ingest.obs.server);
  expect(await page.getByLabel('Stream key', { exact: true }).inputValue()).toBe(stream.streamKey);
  await page.getByRole('button', { name: 'Copy Stream key' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(stream.streamKey);

  // The same name again: the API's conflict is shown as its sentence.
  await page.goto(`${origin.url}/console#/streams`);
  await page.getByRole('button', { name: 'New stream' }).click();
  await page.getByLabel('Name', { exact: true }).fill('console-cam');
  await page.getByRole('button', { name: 'Create stream' }).click();
  await page.locator('.create-stream .form-message:not(:empty)').waitFor({ timeout: 10_000 });
  expect(await page.locator('.create-stream .form-message').textContent()).toBe(
    'A stream named "console-cam" already exists.',
  );
  await page.getByRole('link', { name: 'console-cam' }).click();
  await page.getByRole('heading', { name: 'console-cam' }).waitFor({ timeout: 10_000 });
  expect(scriptErrors(errors)).toEqual([]);
}, 59_000);

test('the admin adds a UDP destination and sees the stream and the destination go live without reloading', async () => {
  if (!adminTab || !adminStream) throw new Error('needs the stream the previous test created');
  const { context, page, errors } = adminTab;
  const stream = adminStream;
  const id = stream.id;

  // Add a UDP restream destination (the test's socket is the sink).
  await page.getByLabel('Name', { exact: true }).fill('udp sink');
  await page.getByLabel('URL', { exact: true }).fill(`udp://127.0.0.1:${sink.port}`);
  await page.getByRole('button', { name: 'Add destination' }).click();
  const destination = page.locator('.destination', { hasText: 'udp sink' });
  await destination.waitFor({ timeout: 10_000 });
  expect(await badgeState(page, '.destination')).not.toBe('live');

  // Publish: the stream and the destination turn live on the open page (no reload).
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });
  await using _publisher = startTestPublisher({
    output: ['-f', 'mpegts', `udp://127.0.0.1:${stream.udpPort}?pkt_size=1316`],
  });
  await waitFor(
    async () => (await badgeState(page, '.stream-page .badges')) === 'live',
    30_000,
    `the stream badge to turn live (${errors.join(' | ')})`,
    250,
  );
  await waitFor(
    async () => (await badgeState(page, '.destination')) === 'live',
    30_000,
    `the destination badge to turn live (${errors.join(' | ')})`,
    250,
  );
  await waitFor(() => sink.bytes() > 0, 10_000, 'bytes at the UDP sink');
  await page.locator('.health dd', { hasText: 'UDP' }).waitFor({ timeout: 10_000 });
  // The ingest chart draws from ingest.stats events (every 2 s).
  await waitFor(
    async () =>
      ((await page.locator('.chart-line').first().getAttribute('points')) ?? '').split(' ').length >= 2,
    15_000,
    'the ingest bitrate chart to have a line',
    250,
  );
  // A player polling the playlist shows as a viewer (media.stats events, every 2 s), and
  // the origin latency chart draws from the same events.
  await waitFor(
    async () => {
      await fetch(`${origin.url}/hls/console-cam/video.m3u8`, {
        headers: { 'user-agent': 'console-viewer' },
      });
      const shown = await page
        .locator('.viewer-count[data-protocol="hls"] strong')
        .textContent({ timeout: 1000 })
        .catch(() => null);
      return shown === '1';
    },
    15_000,
    'one HLS viewer in the stream page',
    250,
  );
  await waitFor(
    async () =>
      ((await page.locator('.chart-line').nth(1).getAttribute('points')) ?? '').split(' ').length >= 2,
    15_000,
    'the origin latency chart to have a line',
    250,
  );
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await page.locator('.health').scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'console-stream-live');
  await page.locator('.charts').scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'console-charts');

  // The destination's log opens on demand.
  await destination.getByRole('button', { name: 'Log' }).click();
  await destination.locator('.log-entries li').first().waitFor({ timeout: 10_000 });

  // The list shows it live with its protocol, updated by events.
  await page.getByRole('link', { name: '← All streams' }).click();
  const row = page.locator('.stream-row', { hasText: 'console-cam' });
  await waitFor(
    async () => (await badgeState(page, '.stream-row')) === 'live',
    15_000,
    'the list badge live',
    250,
  );
  expect(await row.locator('.protocol').textContent()).toBe('UDP');
  expect(await row.locator('.viewers').textContent()).toMatch(/^\d+ viewers?$/);
  // Its preview image (made every few seconds from a keyframe) appears.
  await row.locator('img.thumb:not([hidden])').waitFor({ timeout: 20_000 });
  await keepScreenshot(page, 'console-streams');
  // Search narrows the list on the server.
  await page.getByLabel('Search streams by name').fill('nothing-like-this');
  await page.getByText('No stream matches "nothing-like-this".').waitFor({ timeout: 10_000 });
  await page.getByLabel('Search streams by name').fill('cam');
  await row.waitFor({ timeout: 10_000 });

  // Phone width: one column, nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${origin.url}/console#/streams/${id}`);
  await page.getByRole('heading', { name: 'console-cam' }).waitFor({ timeout: 10_000 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // Themes: the system's (light here) until the toggle flips it; the choice is remembered.
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  await page.locator('.theme-toggle').click();
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(13, 17, 23)');
  await keepScreenshot(page, 'console-phone-dark');
  await page.reload();
  await page.getByRole('heading', { name: 'console-cam' }).waitFor({ timeout: 10_000 });
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  expect(scriptErrors(errors)).toEqual([]);
  await context.close();
}, 59_000);

test('a read-only key sees streams and destinations but no write buttons; an admin deletes with confirmation', async () => {
  const created = (await (
    await origin.api('/api/v1/streams', { method: 'POST', json: { name: 'look-only' } })
  ).json()) as StreamAnswer;
  await origin.api(`/api/v1/streams/${created.id}/destinations`, {
    method: 'POST',
    json: { name: 'twitch main', preset: 'twitch', streamKey: 'live_123_secret' },
  });
  const { key: readKey } = (await (
    await origin.api('/api/v1/api-keys', { method: 'POST', json: { name: 'viewer', scope: 'read' } })
  ).json()) as { key: string };

  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${origin.url}/console`);
  // By keyboard: type the key, Enter submits.
  await page.getByLabel('API key').fill(readKey);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Streams' }).waitFor({ timeout: 10_000 });
  expect(await page.locator('.scope').textContent()).toBe('read-only');
  await page.getByRole('link', { name: 'look-only' }).waitFor({ timeout: 10_000 });
  expect(await page.getByRole('button', { name: 'New stream' }).count()).toBe(0);

  await page.getByRole('link', { name: 'look-only' }).click();
  await page.getByRole('heading', { name: 'look-only' }).waitFor({ timeout: 10_000 });
  await page.locator('.destination', { hasText: 'twitch main' }).waitFor({ timeout: 10_000 });
  for (const name of ['Delete', 'Rotate key', 'Disable', 'Start', 'Stop', 'Add destination'])
    expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Log', exact: true }).count()).toBe(1);
  // The stream key and the destination's key stay hidden from read keys.
  const shownKey = await page.getByLabel('Stream key', { exact: true }).inputValue();
  expect(shownKey).not.toBe(created.streamKey);
  expect(await page.locator('.destination .url').textContent()).not.toContain('live_123_secret');
  await keepScreenshot(page, 'console-read-only');

  // Signing out forgets the key.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API key').waitFor();
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

  // An admin in the same tab changes the stream, then deletes it.
  await signIn(page, testAdminKey);
  await page.goto(`${origin.url}/console#/streams/${created.id}`);
  await page.getByRole('heading', { name: 'look-only' }).waitFor({ timeout: 10_000 });
  const head = page.locator('.page-head');
  // Rotate the key (after confirming): the new key is shown and the old one is gone.
  const oldKey = await page.getByLabel('Stream key', { exact: true }).inputValue();
  expect(oldKey).toBe(created.streamKey);
  await head.getByRole('button', { name: 'Rotate key' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Rotate key' }).click();
  await waitFor(
    async () => (await page.getByLabel('Stream key', { exact: true }).inputValue()) !== oldKey,
    10_000,
    'the new stream key on the page',
  );
  const rotated = (await (await origin.api(`/api/v1/streams/${created.id}`)).json()) as StreamAnswer;
  expect(await page.getByLabel('Stream key', { exact: true }).inputValue()).toBe(rotated.streamKey);
  // Disable, then enable again.
  await head.getByRole('button', { name: 'Disable' }).click();
  await head.locator('.badge[data-state="disabled"]').waitFor({ timeout: 10_000 });
  expect(
    ((await (await origin.api(`/api/v1/streams/${created.id}`)).json()) as { enabled: boolean }).enabled,
  ).toBe(false);
  await head.getByRole('button', { name: 'Enable' }).click();
  await head.locator('.badge[data-state="disabled"]').waitFor({ state: 'detached', timeout: 10_000 });
  // Starting a destination of a stream that is not live: the API's refusal, as a sentence.
  await page.locator('.destination').getByRole('button', { name: 'Start' }).click();
  await page.locator('.notice-error').waitFor({ timeout: 10_000 });
  expect((await page.locator('.notice-error').textContent())?.length).toBeGreaterThan(10);
  // Delete asks first.
  await head.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  expect((await origin.api(`/api/v1/streams/${created.id}`)).status).toBe(200);
  await head.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete stream' }).click();
  await page.waitForURL(/#\/streams$/, { timeout: 10_000 });
  await waitFor(
    async () => (await origin.api(`/api/v1/streams/${created.id}`)).status === 404,
    10_000,
    'the stream to be deleted',
  );
  await page.getByText('Stream "look-only" deleted.').waitFor({ timeout: 10_000 });
  expect(scriptErrors(errors)).toEqual([]);
  await context.close();
}, 59_000);
