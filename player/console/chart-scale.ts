/**
 * Chart geometry, kept apart from drawing so it is testable: time runs right to `now`
 * over a fixed window, values scale to a "nice" ceiling so gridlines land on round numbers.
 */

export interface Sample {
  /** Milliseconds (any clock, the same for every sample and `now`). */
  t: number;
  v: number;
}

export interface PlotArea {
  width: number;
  height: number;
  windowMs: number;
  now: number;
}

/** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `value` (1 for 0 or less). */
export function niceCeiling(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value * (1 - 1e-9)) return step * power;
  }
  return 10 * power;
}

/** Gridline values from 0 to `ceiling` in `count` equal steps. */
export function gridValues(ceiling: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (ceiling * i) / count);
}

/** The y ceiling for every series on one chart (a nice number above the largest visible value). */
export function ceilingFor(series: Sample[][], area: Pick<PlotArea, 'windowMs' | 'now'>): number {
  let max = 0;
  for (const samples of series) {
    for (const s of samples) if (s.t >= area.now - area.windowMs && s.v > max) max = s.v;
  }
  return niceCeiling(max);
}

/** SVG polyline points for one series: x by time in the window, y downwards from the top. */
export function polylinePoints(samples: Sample[], ceiling: number, area: PlotArea): string {
  const start = area.now - area.windowMs;
  const round = (n: number) => Math.round(n * 10) / 10;
  return samples
    .filter((s) => s.t >= start && s.t <= area.now && Number.isFinite(s.v))
    .map((s) => {
      const x = ((s.t - start) / area.windowMs) * area.width;
      const y = area.height - (Math.max(0, Math.min(s.v, ceiling)) / ceiling) * area.height;
      return `${round(x)},${round(y)}`;
    })
    .join(' ');
}

/** Samples of one quantity over time, bounded in age and count (old ones fall off). */
export class TimeSeries {
  private readonly samples: Sample[] = [];
  private readonly maxAgeMs: number;
  private readonly maxSamples: number;

  constructor(options: { maxAgeMs: number; maxSamples?: number }) {
    this.maxAgeMs = options.maxAgeMs;
    this.maxSamples = options.maxSamples ?? 600;
  }

  push(t: number, v: number): void {
    if (!Number.isFinite(v)) return;
    this.samples.push({ t, v });
    while (
      this.samples.length > this.maxSamples ||
      (this.samples[0] && this.samples[0].t < t - this.maxAgeMs)
    )
      this.samples.shift();
  }

  values(): Sample[] {
    return this.samples;
  }

  last(): Sample | undefined {
    return this.samples.at(-1);
  }
}
