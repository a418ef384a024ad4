import type { MiddlewareHandler } from 'hono';
import { UnsupportedMediaTypeError } from '../../defs/errors.ts';

/** Requests that carry a body must say it is JSON (415 otherwise); body-less POSTs pass. */
export function requireJsonBody(): MiddlewareHandler {
  return async function requireJson(c, next) {
    const method = c.req.method;
    if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
      const type = c.req.header('content-type');
      const length = c.req.header('content-length');
      const hasBody =
        type !== undefined ||
        (length !== undefined && length !== '0') ||
        c.req.header('transfer-encoding') !== undefined;
      if (hasBody && !/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type ?? '')) {
        throw new UnsupportedMediaTypeError(type);
      }
    }
    await next();
  };
}
