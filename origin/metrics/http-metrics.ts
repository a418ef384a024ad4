import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Requests by route pattern (not raw path: bounded label values) and status,
 * with a latency histogram whose buckets resolve the sub-100 ms range that
 * low-latency delivery lives in.
 */
export function httpMetrics(registry: Registry): MiddlewareHandler {
  const requests = new Counter({
    name: 'tidewater_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
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
  return async function recordHttpMetrics(c, next) {
    const started = performance.now();
    inFlight.inc();
    try {
      await next();
    } finally {
      inFlight.dec();
    }
    const route = routePath(c, -1) || 'unmatched';
    const labels = {
      method: c.req.method,
      route: c.res.status === 404 && route === '/*' ? 'unmatched' : route,
      status: String(c.res.status),
    };
    requests.inc(labels);
    duration.observe(labels, (performance.now() - started) / 1000);
  };
}
