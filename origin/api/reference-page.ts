/**
 * A readable API reference rendered from the generated OpenAPI document, so the
 * page can never drift from the schemas. Self-contained HTML: no CDN, no scripts.
 */
interface OpenApiLike {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
}
interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown; description?: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string }>;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

export function referencePage(doc: OpenApiLike, basePath: string): string {
  const sections: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? [])
        .map(
          (p) =>
            `<li><code>${escapeHtml(p.name)}</code> <em>${p.in}${p.required ? ', required' : ''}</em> <code>${escapeHtml(JSON.stringify(p.schema ?? {}))}</code></li>`,
        )
        .join('');
      const body = op.requestBody ? Object.values(op.requestBody.content)[0]?.schema : undefined;
      const responses = Object.entries(op.responses)
        .map(([status, r]) => `<li><code>${status}</code> ${escapeHtml(r.description)}</li>`)
        .join('');
      sections.push(`<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(basePath + path)}</code></h3>
<p>${escapeHtml(op.summary ?? '')}</p>${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}
${body ? `<h4>Body (application/json)</h4><pre>${escapeHtml(JSON.stringify(body, null, 2))}</pre>` : ''}<h4>Responses</h4><ul>${responses}</ul></section>`);
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(doc.info.title)} reference</title><style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
section{border-top:1px solid #ddd;padding:.5rem 0}pre{background:#f5f5f7;padding:.75rem;overflow:auto;font-size:13px}
.m{font:600 12px monospace;padding:.1rem .4rem;border-radius:4px;color:#fff;background:#555}.get{background:#1f6feb}.post{background:#1a7f37}.patch{background:#9a6700}.delete{background:#cf222e}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}pre{background:#161b22}}</style></head><body>
<h1>${escapeHtml(doc.info.title)} <small>${escapeHtml(doc.info.version)}</small></h1><p>${escapeHtml(doc.info.description ?? '')}</p>
<p>Send <code>Authorization: Bearer &lt;api key&gt;</code>. Errors are <code>application/problem+json</code>. Machine-readable: <a href="${escapeHtml(basePath)}/openapi.json">openapi.json</a>.</p>
${sections.join('\n')}</body></html>`;
}
