import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { Registry } from 'prom-client';
import { NotFoundError } from '../defs/errors.ts';
import { type ApiAppOptions, apiApp, apiBasePath } from './api/api-app.ts';
import { directRouteOf } from './delivery/direct-route.ts';
import { pathOfUrl } from './delivery/hls-paths.ts';
import { type ReadinessCheck, runChecks } from './health/readiness.ts';
import { accessLog } from './http/access-log.ts';
import { problemResponse } from './http/problem-response.ts';
import type { Logger } from './logger.ts';
import { type HttpMetrics, httpMetrics } from './metrics/http-metrics.ts';

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
  const metrics = httpMetrics(options.metrics);
  app.use('*', requestId({ headerName: 'x-request-id' }));
  app.use('*', metrics.middleware);
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
  routeDeliveryFirst(app, options.mounts ?? [], metrics);
  return app;
}

/**
 * Media delivery's GETs (playlists, parts: thousands of held viewers) skip Hono's router,
 * its middleware chain and its Response copies: the mounted app answers them directly
 * (delivery/direct-route.ts). What the middleware above gives them is kept here: the
 * request id and metrics under the same route labels. A middleware added above later
 * does not see them: add its effect here too.
 */
function routeDeliveryFirst(app: Hono, mounts: { path: string; app: Hono }[], metrics: HttpMetrics): void {
  const direct = mounts.flatMap(({ path, app: mounted }) => {
    const route = directRouteOf(mounted);
    return route ? [{ base: path, prefix: `${path}/`, route }] : [];
  });
  if (direct.length === 0) return;
  const routed = app.fetch;
  app.fetch = (request, env, executionCtx) => {
    if (request.method === 'GET') {
      const path = pathOfUrl(request.url);
      for (const mount of direct) {
        if (!path.startsWith(mount.prefix)) continue;
        const since = performance.now();
        const id = requestIdOf(request);
        const answer = mount.route(request, path.slice(mount.base.length), id, env);
        if (!answer) break;
        metrics.started();
        const route = `${mount.base}${answer.route}`;
        const finish = (response: Response) => {
          response.headers.set('x-request-id', id);
          metrics.finished(request.method, route, response.status, since);
          return response;
        };
        return answer.response instanceof Promise ? answer.response.then(finish) : finish(answer.response);
      }
    }
    return routed(request, env, executionCtx);
  };
}

/** hono/request-id's rule: the caller's id when it is short and plain, else a new one. */
function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given && given.length <= 255 && !/[^\w\-=]/.test(given) ? given : crypto.randomUUID();
}
