import type { Registry } from 'prom-client';

interface Series {
  /** Cumulative counts per bucket, in `le` order (+Inf is `count`). */
  counts: Float64Array;
  sum: number;
  count: number;
}

/**
 * A Prometheus histogram with one label, for values observed on the media path (every
 * part of every track). prom-client's Histogram validates and hashes the label object on
 * every observe (~10 µs; 5 % of the origin's JS time with a three-rung ladder); here an
 * observation is a map lookup and a few array writes. Exposed in the same text format
 * as prom-client's own (registered as a metric of the registry).
 */
export class PerLabelHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly #series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelName: string,
    readonly buckets: readonly number[],
    registry: Registry,
  ) {
    for (let i = 1; i < buckets.length; i++)
      if (!((buckets[i] as number) > (buckets[i - 1] as number)))
        throw new RangeError(`${name}: buckets must increase`);
    // The registry takes any object with prom-client's metric shape (name, help, type, get).
    registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  observe(label: string, value: number): void {
    if (!Number.isFinite(value)) return;
    let series = this.#series.get(label);
    if (!series) {
      series = { counts: new Float64Array(this.buckets.length), sum: 0, count: 0 };
      this.#series.set(label, series);
    }
    // Cumulative buckets: every bound at or above the value counts it.
    const buckets = this.buckets;
    const counts = series.counts;
    for (let i = buckets.length - 1; i >= 0 && value <= (buckets[i] as number); i--)
      counts[i] = (counts[i] as number) + 1;
    series.sum += value;
    series.count += 1;
  }

  reset(): void {
    this.#series.clear();
  }

  async get() {
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const [label, series] of this.#series) {
      this.buckets.forEach((le, i) => {
        values.push({
          labels: { le, [this.labelName]: label },
          value: series.counts[i] as number,
          metricName: `${this.name}_bucket`,
        });
      });
      values.push({
        labels: { le: '+Inf', [this.labelName]: label },
        value: series.count,
        metricName: `${this.name}_bucket`,
      });
      values.push({ labels: { [this.labelName]: label }, value: series.sum, metricName: `${this.name}_sum` });
      values.push({
        labels: { [this.labelName]: label },
        value: series.count,
        metricName: `${this.name}_count`,
      });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}
