import { describe, expect, test } from 'bun:test';
import { Histogram, Registry } from 'prom-client';
import { PerLabelHistogram } from './per-label-histogram.ts';

const BUCKETS = [0.0001, 0.001, 0.01, 0.1];

describe('PerLabelHistogram', () => {
  test('exposes the same text as prom-client Histogram for the same observations', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const fast = new PerLabelHistogram('x_seconds', 'Some delay', 'track', BUCKETS, ours);
    const reference = new Histogram({
      name: 'x_seconds',
      help: 'Some delay',
      labelNames: ['track'],
      buckets: BUCKETS,
      registers: [theirs],
    });
    const values = [0, 0.00005, 0.0001, 0.0005, 0.001, 0.02, 0.1, 0.5, 7];
    for (const [i, value] of values.entries()) {
      const track = i % 3 === 0 ? 'audio' : 'video-720p';
      fast.observe(track, value);
      reference.observe({ track }, value);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain('x_seconds_bucket{le="0.001",track="video-720p"} 3');
  });

  test('ignores values that are not finite numbers, and reset empties it', async () => {
    const registry = new Registry();
    const histogram = new PerLabelHistogram('y_seconds', 'help', 'track', BUCKETS, registry);
    histogram.observe('video', Number.NaN);
    histogram.observe('video', Number.POSITIVE_INFINITY);
    histogram.observe('video', 0.002);
    expect(await registry.metrics()).toContain('y_seconds_count{track="video"} 1');
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('y_seconds_count');
  });

  test('refuses buckets that do not increase', () => {
    expect(() => new PerLabelHistogram('z', 'h', 'track', [0.1, 0.1], new Registry())).toThrow(/increase/);
  });
});
