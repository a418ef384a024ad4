import type { BuiltBundle } from './browser-bundle.ts';

export interface PlayerPageOptions {
  stream: string;
  /** `embed`: the player alone, for an iframe; `watch`: with a title and the embed snippet. */
  variant: 'watch' | 'embed';
  bundle: BuiltBundle;
  /** Absolute base URL of the origin (for the embed snippet). */
  baseUrl: string;
  protocol: 'hls' | 'dash';
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const styles = `*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,sans-serif;background:#0d1117;color:#e6edf3}
main{max-width:64rem;margin:0 auto;padding:1rem}h1{font-size:1.25rem;margin:.25rem 0 .75rem}
.tw-player{position:relative;background:#000;aspect-ratio:16/9;width:100%}
body.embed .tw-player{position:fixed;inset:0;aspect-ratio:auto}
.tw-player video{width:100%;height:100%;display:block;background:#000}
.tw-offline{position:absolute;inset:0;display:grid;place-items:center;background:#000c;font-size:1.1rem;pointer-events:none}
.tw-offline[hidden],.tw-stats[hidden],.tw-dvr[hidden]{display:none}
.tw-stats{position:absolute;top:.5rem;left:.5rem;margin:0;padding:.5rem .75rem;background:#000b;color:#9fef9f;font:12px/1.4 ui-monospace,monospace;pointer-events:none;white-space:pre}
.tw-bar{position:absolute;top:.5rem;right:.5rem;display:flex;gap:.35rem;align-items:center;flex-wrap:wrap;justify-content:flex-end}
.tw-bar button,.tw-bar select{font:inherit;font-size:13px;background:#000a;color:#fff;border:1px solid #fff4;border-radius:4px;padding:.15rem .45rem}
.tw-live::before{content:"\\25CF ";color:#f33}.tw-live.behind::before{color:#888}.tw-dvr{width:10rem}
textarea{width:100%;font:13px ui-monospace,monospace;background:#161b22;color:inherit;border:1px solid #30363d;border-radius:4px;padding:.5rem}
@media (prefers-color-scheme:light){body{background:#fff;color:#1f2328}textarea{background:#f6f8fa;border-color:#d0d7de}}`;

/** The viewer page (no-cache HTML pointing at the content-hashed script). */
export function playerPage(options: PlayerPageOptions): string {
  const name = escapeHtml(options.stream);
  const path = encodeURIComponent(options.stream);
  const { bundle } = options;
  const script = bundle.entries.get('watch-main.js');
  if (!script) throw new Error('the player build has no watch-main.js');
  // The engine chunk the page will import first (hls-engine-<hash>.js): fetched alongside the script.
  const engine = [...bundle.files.keys()].find((name) => name.startsWith(`${options.protocol}-engine-`));
  const player = `<div class="tw-player" id="player" data-hls="/hls/${path}/index.m3u8" data-dash="/dash/${path}/manifest.mpd">
<video playsinline muted autoplay controls></video>
<div class="tw-offline" hidden>Offline: waiting for the stream to come back…</div>
<pre class="tw-stats" hidden></pre>
<div class="tw-bar"><button class="tw-live" type="button" title="Go to the live edge">LIVE</button>
<input class="tw-dvr" type="range" min="0" max="0" value="0" aria-label="Seek back" hidden>
<select class="tw-quality" aria-label="Quality"><option value="-1">Auto</option></select>
<select class="tw-protocol" aria-label="Protocol"><option value="hls">LL-HLS</option><option value="dash">LL-DASH</option></select>
<button class="tw-stats-toggle" type="button">Stats</button></div></div>`;
  const snippet = escapeHtml(
    `<iframe src="${options.baseUrl}/embed/${path}" width="960" height="540" allow="autoplay; fullscreen" allowfullscreen style="border:0"></iframe>`,
  );
  const body =
    options.variant === 'embed'
      ? player
      : `<main><h1>${name}</h1>${player}<h2>Embed</h2><p>Paste this into a web page:</p>
<textarea readonly rows="3" aria-label="Embed code">${snippet}</textarea></main>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${name} · Tidewater</title>
<style>${styles}</style>
<script type="module" src="/player/${script}"></script>
${engine ? `<link rel="modulepreload" href="/player/${engine}">` : ''}
</head><body class="${options.variant}">${body}</body></html>`;
}
