/** The root page: where everything is, for a person who just started the origin. */
export function landingPage(options: { baseUrl: string; liveStreams: string[] }): string {
  const { baseUrl } = options;
  const link = (path: string, label: string) =>
    `<li><a href="${baseUrl}${path}">${label}</a> <code>${baseUrl}${path}</code></li>`;
  const streams = options.liveStreams
    .map((name) => link(`/hls/${encodeURIComponent(name)}/index.m3u8`, `${name} (LL-HLS)`))
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Tidewater</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:3rem auto;padding:0 1rem}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}a{color:#58a6ff}}</style></head><body>
<h1>Tidewater</h1><p>Edge streaming origin: RTMP, SRT and UDP in; LL-HLS and LL-DASH out.</p>
<h2>Live now</h2><ul>${streams || '<li>No live streams.</li>'}</ul><h2>Operate</h2><ul>
${link('/console', 'Operator console')}${link('/api/v1/reference', 'API reference')}${link('/api/v1/openapi.json', 'OpenAPI document')}
${link('/readyz', 'Readiness')}${link('/metrics', 'Prometheus metrics')}</ul></body></html>`;
}
