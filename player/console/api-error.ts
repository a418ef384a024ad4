/**
 * API failures as one readable sentence for the operator. The API answers errors as
 * RFC 9457 problem JSON (`detail`, and `errors` with field paths for validation);
 * anything else (a proxy's HTML page, a dropped connection) still gets a sentence.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const statusHints: Record<number, string> = {
  401: 'The API key is not accepted (unknown or revoked).',
  403: 'This API key may not do that (it needs the admin scope).',
  404: 'Not found: it may have been deleted meanwhile.',
  409: 'That conflicts with the current state.',
  413: 'The request is too large.',
  429: 'Too many requests: wait a moment and try again.',
};

/** Field paths as the API writes them (`body.name`), shown without the `body.` prefix. */
const fieldName = (path: string) => path.replace(/^(body|query|path)\./, '');

/** The sentence to show for an error answer, from its status and body text. */
export function problemMessage(status: number, bodyText: string): ApiError {
  let detail: string | undefined;
  let fields: { path: string; message: string }[] = [];
  try {
    const body = JSON.parse(bodyText) as { detail?: unknown; title?: unknown; errors?: unknown };
    if (typeof body.detail === 'string' && body.detail) detail = body.detail;
    else if (typeof body.title === 'string' && body.title) detail = body.title;
    if (Array.isArray(body.errors)) {
      fields = body.errors
        .filter(
          (e): e is { path: string; message: string } =>
            typeof e?.path === 'string' && typeof e?.message === 'string',
        )
        .map((e) => ({ path: fieldName(e.path), message: e.message }));
    }
  } catch {
    // Not JSON: fall back to the status.
  }
  const base = detail ?? statusHints[status] ?? `The server answered ${status}.`;
  const extra = fields.filter((f) => !base.includes(f.message)).map((f) => `${f.path}: ${f.message}`);
  return new ApiError(extra.length ? `${base} (${extra.join('; ')})` : base, status, fields);
}

/** The sentence for a request that got no answer at all. */
export function networkError(error: unknown): ApiError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ApiError(`Cannot reach the origin (${reason}). Check the connection and try again.`, 0);
}
