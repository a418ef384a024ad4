import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from '../logger.ts';

/**
 * One log line per API request with its request id. Paths are logged as route
 * patterns when matched, so no secret in a path (e.g. a key) reaches the log.
 * Media requests are not logged one by one: at LL-HLS rates they would drown the log
 * (metrics count them instead).
 */
export function accessLog(logger: Logger): MiddlewareHandler {
  return async function logRequest(c, next) {
    const started = performance.now();
    await next();
    logger.info(
      {
        requestId: c.get('requestId' as never),
        method: c.req.method,
        route: routePath(c, -1),
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  };
}
