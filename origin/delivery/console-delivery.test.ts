import { expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { problemResponse } from '../http/problem-response.ts';
import { BrowserBundle } from './browser-bundle.ts';
import { consoleContentSecurityPolicy, consoleDelivery } from './console-delivery.ts';

/** Mounted as the origin mounts it: the origin's onError renders problems. */
function mounted(bundle?: BrowserBundle) {
  const app = new Hono();
  app.onError((error, c) => problemResponse(error, c));
  app.route('/console', consoleDelivery({ bundle }));
  return app;
}

test('/console is a no-cache page under a strict CSP naming hashed, immutable files', async () => {
  const app = mounted();
  const page = await app.request('/console');
  expect(page.status).toBe(200);
  expect(page.headers.get('cache-control')).toBe('no-cache');
  expect(page.headers.get('content-security-policy')).toBe(consoleContentSecurityPolicy);
  expect(consoleContentSecurityPolicy).toStartWith("default-src 'self'; connect-src 'self' ws: wss:");
  const html = await page.text();
  const files = [...html.matchAll(/"\/console\/assets\/([^"]+)"/g)].map((m) => m[1] as string);
  expect(files).toHaveLength(2);
  expect(files.some((f) => /^console-main-[a-z0-9]+\.js$/.test(f))).toBe(true);
  expect(files.some((f) => /^console-[a-z0-9]+\.css$/.test(f))).toBe(true);
  // No inline script or style: the CSP would refuse them.
  expect(html).not.toMatch(/<script>|<style|style=/);
  for (const file of files) {
    const asset = await app.request(`/console/assets/${file}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const again = await app.request(`/console/assets/${file}`, { headers: { 'if-none-match': `"${file}"` } });
    expect(again.status).toBe(304);
  }
  const stale = await app.request('/console/assets/console-main-old.js');
  expect(stale.status).toBe(404);
  expect(stale.headers.get('content-type')).toBe('application/problem+json');
  expect((await app.request('/console/assets/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
  // The console routes in the URL hash: `/console/` and stale deep links land on the page.
  const slash = await app.request('/console/');
  expect(slash.status).toBe(302);
  expect(slash.headers.get('location')).toBe('/console');
});

test('a build that fails answers each request with a problem, not a hang or a crash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tw-bundle-'));
  try {
    writeFileSync(
      join(dir, 'broken-main.ts'),
      "import { nothing } from './missing.ts';\nconsole.log(nothing);\n",
    );
    const app = mounted(new BrowserBundle({ entrypoints: [join(dir, 'broken-main.ts')] }));
    const page = await app.request('/console');
    expect(page.status).toBe(500);
    expect(page.headers.get('content-type')).toBe('application/problem+json');
    expect((await app.request('/console/assets/broken-main-abc.js')).status).toBe(500);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
