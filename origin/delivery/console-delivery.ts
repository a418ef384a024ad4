import { resolve } from 'node:path';
import { type Context, Hono } from 'hono';
import { BrowserBundle, type BuiltBundle, bundleFiles } from './browser-bundle.ts';

const consoleDir = resolve(import.meta.dir, '../../player/console');

/**
 * Only this origin's own files and API (and its event socket); no inline script or
 * style, no framing (the console holds an admin key: clickjacking must not work).
 */
export const consoleContentSecurityPolicy = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function consolePage(bundle: BuiltBundle): string {
  const script = bundle.entries.get('console-main.js');
  const style = bundle.entries.get('console.css');
  if (!script || !style) throw new Error('the console build has no console-main.js or console.css');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark"><meta name="referrer" content="no-referrer">
<title>Tidewater console</title>
<link rel="stylesheet" href="/console/assets/${style}">
<script type="module" src="/console/assets/${script}"></script>
</head><body><div id="console"><noscript>The console needs JavaScript.</noscript></div></body></html>`;
}

/**
 * The operator console, mounted at `/console`: the page (no-cache: it names the current
 * build) and its built files under `/console/assets/` (content-hashed, immutable). The
 * build starts now; the page waits for it.
 */
export function consoleDelivery(options: { bundle?: BrowserBundle } = {}) {
  const bundle =
    options.bundle ??
    new BrowserBundle({
      entrypoints: [resolve(consoleDir, 'console-main.ts'), resolve(consoleDir, 'console.css')],
    });
  bundle.start();
  // No onError here: errors (a failed build) reach the origin's, which logs them and answers problem JSON.
  const app = new Hono();
  const page = async (c: Context) =>
    c.html(consolePage(await bundle.built()), 200, {
      'cache-control': 'no-cache',
      'content-security-policy': consoleContentSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
  app.get('/', page);
  app.route('/assets', bundleFiles(bundle));
  // `/console/` and stale deep links: the console routes in the URL hash, so all land on the page.
  app.get('/*', (c) => c.redirect('/console', 302));
  return app;
}
