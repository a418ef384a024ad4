import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { Registry } from 'prom-client';
import { NotFoundError } from '../defs/errors.ts';
import { type ApiAppOptions, apiApp, apiBasePath } from './api/api-app.ts';
import { type ReadinessCheck, runChecks } from './health/readiness.ts';
import { accessLog } from './http/access-log.ts';
import { problemResponse } from './http/problem-response.ts';
import type { Logger } from './logger.ts';
import { httpMetrics } from './metrics/http-metrics.ts';

export interface HttpAppOptions extends ApiAppOptions {
  logger: Logger;
  metrics: Registry;
  readiness: Record<string, ReadinessCheck>;
  /** Extra sub-apps (media delivery, player pages) mounted at the root. */
  mounts?: { path: string; app: Hono }[];
  landingPage?: () => string;
}

/** The whole HTTP surface: health, metrics, API, and whatever delivery mounts. */
export function httpApp(options: HttpAppOptions) {
  const app = new Hono();
  app.use('*', requestId({ headerName: 'x-request-id' }));
  app.use('*', httpMetrics(options.metrics));
  app.onError((error, c) => {
    const response = problemResponse(error, c);
    if (response.status >= 500)
      options.logger.error({ err: error, requestId: c.get('requestId') }, 'request failed');
    return response;
  });
  app.notFound((c) =>
    problemResponse(new NotFoundError(`Nothing at ${c.req.method} ${new URL(c.req.url).pathname}.`), c),
  );

  app.get('/healthz', (c) => c.json({ status: 'alive' }));
  app.get('/readyz', async (c) => {
    const result = await runChecks(options.readiness);
    return c.json(
      { status: result.ok ? 'ready' : 'not ready', checks: result.checks },
      result.ok ? 200 : 503,
    );
  });
  app.get('/metrics', async (c) =>
    c.text(await options.metrics.metrics(), 200, { 'content-type': options.metrics.contentType }),
  );

  app.use(`${apiBasePath}/*`, accessLog(options.logger));
  app.route(apiBasePath, apiApp(options));
  for (const mount of options.mounts ?? []) app.route(mount.path, mount.app);
  if (options.landingPage) {
    const render = options.landingPage;
    app.get('/', (c) => c.html(render()));
  }
  return app;
}
