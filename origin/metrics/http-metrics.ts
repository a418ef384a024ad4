import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface HttpMetrics {
  /** Records every request Hono routes. */
  middleware: MiddlewareHandler;
  /** For a request answered outside Hono (delivery's direct path): call when it starts... */
  started(): void;
  /** ...and when its response headers are ready (`since` is `performance.now()` at the start). */
  finished(method: string, route: string, status: number, since: number): void;
}

/**
 * Requests by route pattern (not raw path: bounded label values) and status,
 * with a latency histogram whose buckets resolve the sub-100 ms range that
 * low-latency delivery lives in.
 */
export function httpMetrics(registry: Registry): HttpMetrics {
  // Counted here per label set and added to the counter when it is read: prom-client
  // hashes the labels on every inc(), a cost paid per request otherwise.
  const uncounted = new Map<{ method: string; route: string; status: string }, number>();
  new Counter({
    name: 'tidewater_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
    collect() {
      for (const [labels, count] of uncounted) this.inc(labels, count);
      uncounted.clear();
    },
  });
  const duration = new Histogram({
    name: 'tidewater_http_request_duration_seconds',
    help: 'HTTP request handling time, until the response headers are ready',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'tidewater_http_requests_in_flight',
    help: 'HTTP requests being handled right now (including blocked playlist reloads)',
    registers: [registry],
  });
  // One labels object per (method, route, status): no allocation per request.
  const labelSets = new Map<string, { method: string; route: string; status: string }>();
  const finished = (method: string, route: string, status: number, since: number) => {
    const key = `${method} ${status} ${route}`;
    let labels = labelSets.get(key);
    if (!labels) {
      labels = { method, route, status: String(status) };
      labelSets.set(key, labels);
    }
    inFlight.dec();
    uncounted.set(labels, (uncounted.get(labels) ?? 0) + 1);
    duration.observe(labels, (performance.now() - since) / 1000);
  };
  return {
    started: () => inFlight.inc(),
    finished,
    middleware: async function recordHttpMetrics(c, next) {
      const since = performance.now();
      inFlight.inc();
      try {
        await next();
      } catch (error) {
        inFlight.dec();
        throw error;
      }
      const route = routePath(c, -1) || 'unmatched';
      const status = c.res.status;
      finished(c.req.method, status === 404 && route === '/*' ? 'unmatched' : route, status, since);
    },
  };
}
