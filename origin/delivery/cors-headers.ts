/**
 * Which CORS headers a simple (non-preflight) response carries, as hono/cors sets them:
 * `none` when hono/cors adds them itself (the response goes through it), `any` for a
 * `*` origin, `allowed` when the request's Origin is the configured one, `other` when it
 * is not. Responses built outside Hono (the media fast path) use this to carry the same
 * headers; preflights still go through hono/cors.
 */
export type CorsVariant = 'none' | 'any' | 'allowed' | 'other';

export class CorsHeaders {
  readonly #origin: string;
  readonly #expose: string;

  constructor(options: { origin: string; exposeHeaders: readonly string[] }) {
    this.#origin = options.origin;
    this.#expose = options.exposeHeaders.join(',');
  }

  variantOf(request: Request): CorsVariant {
    if (this.#origin === '*') return 'any';
    // hono/cors sends no Allow-Origin for an empty one.
    return this.#origin !== '' && request.headers.get('origin') === this.#origin ? 'allowed' : 'other';
  }

  /** Adds the variant's headers, after the response's own (Vary is appended to). */
  apply(headers: Headers, variant: CorsVariant): void {
    if (variant === 'none') return;
    if (variant !== 'other')
      headers.set('access-control-allow-origin', variant === 'any' ? '*' : this.#origin);
    if (this.#expose) headers.set('access-control-expose-headers', this.#expose);
    if (variant !== 'any') headers.append('vary', 'Origin');
  }
}
