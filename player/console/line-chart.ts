/**
 * A small live line chart in SVG (no chart library): one or more series over the last
 * minutes, gridlines on round values, a legend with each series' latest value.
 */
import { ceilingFor, gridValues, polylinePoints, type Sample } from './chart-scale.ts';
import { el, fill, svgEl } from './dom-builder.ts';

export interface ChartSeries {
  label: string;
  samples: Sample[];
}

const WIDTH = 600;
const HEIGHT = 140;

export class LineChart {
  readonly element: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly axis: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly windowMs: number;
  private readonly format: (value: number) => string;
  private readonly minCeiling: number;

  /** `minCeiling`: the y axis never shows less (a flat zero line then reads as zero, not as noise). */
  constructor(options: {
    title: string;
    windowMs: number;
    format: (value: number) => string;
    minCeiling?: number;
  }) {
    this.windowMs = options.windowMs;
    this.format = options.format;
    this.minCeiling = options.minCeiling ?? 1;
    this.svg = svgEl('svg', {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      preserveAspectRatio: 'none',
      class: 'chart-plot',
      role: 'img',
      'aria-label': options.title,
    });
    this.axis = el('div', { class: 'chart-axis', 'aria-hidden': 'true' });
    this.legend = el('ul', { class: 'chart-legend' });
    this.element = el(
      'figure',
      { class: 'chart' },
      el(
        'figcaption',
        {},
        options.title,
        el('span', { class: 'muted' }, ` · last ${Math.round(options.windowMs / 60_000)} min`),
      ),
      el('div', { class: 'chart-body' }, this.axis, this.svg),
      this.legend,
    );
  }

  render(series: ChartSeries[], now = Date.now()): void {
    const area = { width: WIDTH, height: HEIGHT, windowMs: this.windowMs, now };
    const ceiling = Math.max(
      this.minCeiling,
      ceilingFor(
        series.map((s) => s.samples),
        area,
      ),
    );
    const grid = gridValues(ceiling);
    const gridLines = grid.map((value) => {
      const y = HEIGHT - (value / ceiling) * HEIGHT;
      return svgEl('line', {
        x1: 0,
        x2: WIDTH,
        y1: y,
        y2: y,
        class: 'chart-grid',
        'vector-effect': 'non-scaling-stroke',
      });
    });
    const lines = series.map((s, i) =>
      svgEl('polyline', {
        points: polylinePoints(s.samples, ceiling, area),
        class: `chart-line series-${i % 6}`,
        'vector-effect': 'non-scaling-stroke',
      }),
    );
    fill(this.svg, ...gridLines, ...lines);
    fill(this.axis, ...grid.toReversed().map((value) => el('span', {}, this.format(value))));
    const summary = series.map((s, i) => {
      const last = s.samples.at(-1);
      return el(
        'li',
        {},
        el('span', { class: `swatch series-${i % 6}` }),
        `${s.label}: ${last ? this.format(last.v) : '—'}`,
      );
    });
    fill(this.legend, ...(summary.length ? summary : [el('li', { class: 'muted' }, 'No data yet.')]));
    this.svg.setAttribute(
      'aria-label',
      `${this.element.querySelector('figcaption')?.textContent ?? ''}: ${summary.map((li) => li.textContent).join(', ')}`,
    );
  }
}
