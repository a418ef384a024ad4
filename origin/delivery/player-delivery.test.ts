import { expect, test } from 'bun:test';
import { playerDelivery } from './player-delivery.ts';

const app = playerDelivery({ baseUrl: () => 'https://tv.example' });

test('the watch page names the hashed script, is not cached, and carries the embed snippet', async () => {
  const page = await app.request('/watch/main-stage');
  expect(page.status).toBe(200);
  expect(page.headers.get('cache-control')).toBe('no-cache');
  const html = await page.text();
  const script = /src="\/player\/(watch-main-[a-z0-9]+\.js)"/.exec(html)?.[1];
  expect(script).toBeDefined();
  expect(html).toContain('data-hls="/hls/main-stage/index.m3u8"');
  expect(html).toContain('data-dash="/dash/main-stage/manifest.mpd"');
  expect(html).toContain('&#60;iframe src=&#34;https://tv.example/embed/main-stage&#34;');
  // The default protocol's engine chunk is preloaded beside the script.
  expect(html).toMatch(/rel="modulepreload" href="\/player\/hls-engine-[a-z0-9]+\.js"/);
  expect(await (await app.request('/watch/main-stage?protocol=dash')).text()).toMatch(
    /dash-engine-[a-z0-9]+\.js/,
  );

  const asset = await app.request(`/player/${script}`);
  expect(asset.status).toBe(200);
  expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(asset.headers.get('content-type')).toStartWith('text/javascript');
  const etag = asset.headers.get('etag') ?? '';
  expect((await app.request(`/player/${script}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
});

test('the embed page is the player alone', async () => {
  const html = await (await app.request('/embed/main-stage')).text();
  expect(html).toContain('<body class="embed">');
  expect(html).not.toContain('<textarea');
});

test('stream names are validated; unknown files are 404', async () => {
  for (const name of ['Main', '-x', 'a%20b', 'x'.repeat(65), '%3Cscript%3E']) {
    const response = await app.request(`/watch/${name}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(((await response.json()) as { detail: string }).detail).toContain('is not a stream name');
  }
  expect((await app.request('/player/watch-main-old.js')).status).toBe(404);
  expect((await app.request('/player/..%2Fsecret.js')).status).toBe(404);
});
