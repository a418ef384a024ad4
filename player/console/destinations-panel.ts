/**
 * A stream's restream destinations: state badges moved by `restream.status` events at
 * once, numbers (uptime, bitrate out) from a poll, actions for admin keys, and each
 * destination's log on demand. Keeps each destination's bitrate out for the chart.
 */
import type { DestinationView } from './api-types.ts';
import { TimeSeries } from './chart-scale.ts';
import { confirmAction } from './confirm-dialog.ts';
import type { ConsoleSession } from './console-session.ts';
import { CHART_WINDOW_MS } from './console-session.ts';
import { destinationForm } from './destination-form.ts';
import { el, facts, fill } from './dom-builder.ts';
import type { ChartSeries } from './line-chart.ts';
import { reduceDestinations } from './live-state.ts';
import type { Notices } from './notices.ts';
import { statusBadge } from './status-badge.ts';
import { formatAgo, formatBitrate, formatBytes, formatDuration } from './value-format.ts';

const POLL_MS = 2000;

interface Row {
  element: HTMLElement;
  body: HTMLElement;
  log: HTMLElement;
  logOpen: boolean;
}

export interface DestinationsPanelOptions {
  session: ConsoleSession;
  notices: Notices;
  streamId: string;
  /** Called after each poll added bitrate samples. */
  onSamples?: () => void;
}

export class DestinationsPanel {
  readonly element: HTMLElement;
  private readonly list = el('ul', { class: 'destination-list', 'aria-label': 'Destinations' });
  private readonly empty = el('p', { class: 'muted' }, 'No destinations: this stream is not restreamed.');
  private readonly formSlot = el('div');
  private destinations: DestinationView[] = [];
  private readonly rows = new Map<string, Row>();
  private readonly bitrates = new Map<string, TimeSeries>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private off: (() => void) | undefined;

  private readonly session: ConsoleSession;
  private readonly notices: Notices;
  private readonly streamId: string;
  private readonly onSamples: () => void;

  constructor(options: DestinationsPanelOptions) {
    ({ session: this.session, notices: this.notices, streamId: this.streamId } = options);
    this.onSamples = options.onSamples ?? (() => {});
    this.element = el(
      'section',
      { class: 'card destinations', 'aria-labelledby': 'destinations-title' },
      el('h2', { id: 'destinations-title' }, 'Restream destinations'),
      this.empty,
      this.list,
      this.formSlot,
    );
  }

  start(): void {
    this.off = this.session.onEvent((event) => {
      if (event.type !== 'restream.status' || event.data.streamId !== this.streamId) return;
      const known = this.destinations.some((d) => d.id === event.data.destinationId);
      this.show(reduceDestinations(this.destinations, event));
      // A destination this page has not seen yet (added elsewhere): fetch the list.
      if (!known) void this.refresh();
    });
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), POLL_MS);
    if (this.session.canWrite) void this.showForm();
  }

  close(): void {
    clearInterval(this.timer);
    this.off?.();
  }

  /** Bitrate out of each destination, for the chart. */
  series(): ChartSeries[] {
    return this.destinations.map((d) => ({
      label: d.name,
      samples: this.bitrates.get(d.id)?.values() ?? [],
    }));
  }

  private async showForm(): Promise<void> {
    const presets = await this.session.api.presets().catch(() => []);
    fill(
      this.formSlot,
      destinationForm({
        api: this.session.api,
        streamId: this.streamId,
        presets,
        onAdded: (added) => {
          this.notices.info(`Destination "${added.name}" added.`);
          void this.refresh();
        },
      }),
    );
  }

  private async refresh(): Promise<void> {
    const list = await this.session.api.destinations(this.streamId).catch((error: Error) => {
      // The poll repeats: one notice per distinct failure is enough (Notices folds repeats).
      this.notices.error(error.message);
      return undefined;
    });
    if (!list) return;
    const now = Date.now();
    for (const d of list) {
      let series = this.bitrates.get(d.id);
      if (!series) {
        series = new TimeSeries({ maxAgeMs: CHART_WINDOW_MS });
        this.bitrates.set(d.id, series);
      }
      series.push(now, d.status.bitrateKbps ?? 0);
    }
    this.show(list);
    this.onSamples();
  }

  private show(destinations: DestinationView[]): void {
    this.destinations = destinations;
    this.empty.hidden = destinations.length > 0;
    // Re-rendering replaces buttons: give the focus back to the same control afterwards.
    const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.focusKey;
    const items: HTMLElement[] = [];
    for (const d of destinations) {
      let row = this.rows.get(d.id);
      if (!row) {
        const body = el('div');
        const log = el('div', { class: 'log', hidden: true });
        row = {
          element: el('li', { class: 'destination', 'data-destination-id': d.id }, body, log),
          body,
          log,
          logOpen: false,
        };
        this.rows.set(d.id, row);
      }
      this.renderRow(row, d);
      items.push(row.element);
    }
    for (const id of [...this.rows.keys()]) if (!destinations.some((d) => d.id === id)) this.rows.delete(id);
    fill(this.list, ...items);
    if (focusKey) (this.list.querySelector(`[data-focus-key="${focusKey}"]`) as HTMLElement | null)?.focus();
  }

  private renderRow(row: Row, d: DestinationView): void {
    const { status } = d;
    const action = (label: string, key: string, run: () => Promise<unknown>, danger = false) =>
      el(
        'button',
        {
          type: 'button',
          class: danger ? 'danger' : null,
          'data-focus-key': `${d.id}-${key}`,
          onclick: async () => {
            await this.notices.attempt(run);
            await this.refresh();
          },
        },
        label,
      );
    const running = ['connecting', 'live', 'retrying'].includes(status.state);
    const actions = this.session.canWrite
      ? el(
          'div',
          { class: 'actions' },
          running
            ? action('Stop', 'stop', () => this.session.api.destinationAction(d, 'stop'))
            : action('Start', 'start', () => this.session.api.destinationAction(d, 'start')),
          action(d.enabled ? 'Disable' : 'Enable', 'enable', () =>
            this.session.api.setDestinationEnabled(d, !d.enabled),
          ),
          this.logButton(row, d),
          action(
            'Delete',
            'delete',
            async () => {
              if (
                await confirmAction(
                  `Delete the destination "${d.name}"? Its FFmpeg stops.`,
                  'Delete destination',
                )
              )
                await this.session.api.deleteDestination(d);
            },
            true,
          ),
        )
      : el('div', { class: 'actions' }, this.logButton(row, d));
    fill(
      row.body,
      el(
        'div',
        { class: 'destination-head' },
        el('strong', {}, d.name),
        statusBadge(status.state, status.reason),
        el('span', { class: 'protocol' }, d.protocol.toUpperCase()),
        d.enabled ? null : statusBadge('disabled', 'Does not start when the stream goes live'),
      ),
      el('code', { class: 'url' }, d.url),
      facts([
        ['Why', status.reason],
        ['Uptime', status.state === 'live' ? formatDuration(status.uptimeMs) : '—'],
        ['Bitrate out', formatBitrate(status.bitrateKbps)],
        ['Sent', formatBytes(status.bytesOut)],
        ['Reconnects', status.reconnects],
        ['Dropped', status.droppedBytes ? formatBytes(status.droppedBytes) : 'none'],
        [
          'Last error',
          status.lastError
            ? el('span', { class: 'error-text' }, `${status.lastError} (${formatAgo(status.lastErrorAt)})`)
            : 'none',
        ],
      ]),
      actions,
    );
  }

  private logButton(row: Row, d: DestinationView): HTMLButtonElement {
    const button = el(
      'button',
      { type: 'button', 'aria-expanded': String(row.logOpen), 'data-focus-key': `${d.id}-log` },
      row.logOpen ? 'Hide log' : 'Log',
    );
    button.addEventListener('click', async () => {
      row.logOpen = !row.logOpen;
      row.log.hidden = !row.logOpen;
      button.textContent = row.logOpen ? 'Hide log' : 'Log';
      button.setAttribute('aria-expanded', String(row.logOpen));
      if (row.logOpen) await this.loadLog(row, d);
    });
    return button;
  }

  private async loadLog(row: Row, d: DestinationView): Promise<void> {
    fill(row.log, el('p', { class: 'muted' }, 'Loading the log…'));
    const log = await this.notices.attempt(() => this.session.api.destinationLog(d));
    if (!log) return fill(row.log);
    fill(
      row.log,
      el('h4', {}, 'Events'),
      log.entries.length
        ? el(
            'ol',
            { class: 'log-entries' },
            ...log.entries.map((e) =>
              el(
                'li',
                { class: `log-${e.level}` },
                el('time', { datetime: e.at }, e.at.slice(11, 19)),
                ` ${e.level}: ${e.message}`,
              ),
            ),
          )
        : el('p', { class: 'muted' }, 'Nothing logged yet.'),
      el('h4', {}, 'FFmpeg'),
      el('pre', { class: 'ffmpeg-log', tabindex: 0 }, log.ffmpeg.join('\n') || '(no output)'),
      el('button', { type: 'button', onclick: () => void this.loadLog(row, d) }, 'Refresh log'),
    );
  }
}
