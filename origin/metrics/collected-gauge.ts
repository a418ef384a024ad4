import { Gauge, type Registry } from 'prom-client';

/**
 * A gauge filled at scrape time from live state (the publish registry, the restream
 * hub...): reset, then `fill` sets every labelled value that exists now, so series of
 * gone streams disappear instead of lingering at their last value.
 */
export function collectedGauge(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly string[],
  fill: (set: (labels: Record<string, string>, value: number) => void) => void,
): Gauge {
  return new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      fill((labels, value) => this.set(labels, value));
    },
  });
}
