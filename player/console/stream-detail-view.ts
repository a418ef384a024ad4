/**
 * One stream: its state and actions, encoder settings, ingest health, media, viewers and
 * origin latency (updated from `ingest.stats` and `media.stats` events and a slower status
 * poll), playback links, live charts and restream destinations.
 */
import type { StreamStatus } from '../../defs/stream-status.ts';
import type { StreamView } from './api-types.ts';
import { confirmAction } from './confirm-dialog.ts';
import type { ConsoleSession } from './console-session.ts';
import { CHART_WINDOW_MS } from './console-session.ts';
import { DestinationsPanel } from './destinations-panel.ts';
import { el, facts, fill } from './dom-builder.ts';
import { ingestPanel, playbackPanel } from './ingest-panel.ts';
import { LineChart } from './line-chart.ts';
import { badgeOf } from './live-state.ts';
import type { Notices } from './notices.ts';
import { statusBadge } from './status-badge.ts';
import {
  formatAgo,
  formatBitrate,
  formatBytes,
  formatLatency,
  formatVideo,
  statLabel,
  UNKNOWN,
} from './value-format.ts';
import { viewersAndLatency } from './viewers-latency-panel.ts';

const STATUS_POLL_MS = 5000;
const CHART_REDRAW_MS = 2000;

export interface StreamDetailViewOptions {
  session: ConsoleSession;
  notices: Notices;
  streamId: string;
  /** Just created here: greet with where to point the encoder. */
  created: boolean;
  /** Back to the list (the stream was deleted). */
  leave: () => void;
}

export class StreamDetailView {
  readonly element: HTMLElement;
  private stream: StreamView | undefined;
  private status: StreamStatus | undefined;
  private readonly head = el('div', { class: 'page-head' });
  private readonly badges = el('span', { class: 'badges' });
  private readonly banner = el('div');
  private readonly settingsSlot = el('div');
  private readonly playbackSlot = el('div');
  private readonly health = el('div');
  private readonly media = el('div');
  private readonly audience = el('div');
  private readonly ingestChart = new LineChart({
    title: 'Ingest bitrate',
    windowMs: CHART_WINDOW_MS,
    format: formatBitrate,
    minCeiling: 100,
  });
  private readonly latencyChart = new LineChart({
    title: 'Origin latency (edge age)',
    windowMs: CHART_WINDOW_MS,
    format: formatLatency,
    minCeiling: 100,
  });
  private readonly restreamChart = new LineChart({
    title: 'Restream bitrate out',
    windowMs: CHART_WINDOW_MS,
    format: formatBitrate,
    minCeiling: 100,
  });
  private readonly destinations: DestinationsPanel;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private off: (() => void) | undefined;
  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  private readonly session: ConsoleSession;
  private readonly notices: Notices;
  private readonly streamId: string;
  private readonly created: boolean;
  private readonly leave: () => void;

  constructor(options: StreamDetailViewOptions) {
    ({
      session: this.session,
      notices: this.notices,
      streamId: this.streamId,
      created: this.created,
      leave: this.leave,
    } = options);
    this.destinations = new DestinationsPanel({
      session: this.session,
      notices: this.notices,
      streamId: this.streamId,
      onSamples: () => this.drawCharts(),
    });
    this.element = el(
      'section',
      { class: 'stream-page', 'aria-labelledby': 'stream-title' },
      el('p', {}, el('a', { href: '#/streams' }, '← All streams')),
      this.head,
      this.banner,
      el(
        'div',
        { class: 'grid' },
        this.settingsSlot,
        el(
          'section',
          { class: 'card health', 'aria-labelledby': 'health-title' },
          el('h2', { id: 'health-title' }, 'Ingest health'),
          this.health,
        ),
        el(
          'section',
          { class: 'card media', 'aria-labelledby': 'media-title' },
          el('h2', { id: 'media-title' }, 'Media'),
          this.media,
        ),
        el(
          'section',
          { class: 'card audience', 'aria-labelledby': 'audience-title' },
          el('h2', { id: 'audience-title' }, 'Viewers and latency'),
          this.audience,
        ),
        el(
          'section',
          { class: 'card charts', 'aria-label': 'Live charts' },
          this.ingestChart.element,
          this.latencyChart.element,
          this.restreamChart.element,
        ),
        this.playbackSlot,
      ),
      this.destinations.element,
    );
  }

  async start(): Promise<void> {
    fill(this.head, el('h1', { id: 'stream-title' }, 'Loading…'));
    const stream = await this.notices.attempt(() => this.session.api.stream(this.streamId));
    // The operator may have moved on while the stream loaded: start nothing then.
    if (this.closed) return;
    if (!stream) {
      fill(this.head, el('h1', { id: 'stream-title' }, 'Stream not available'));
      return;
    }
    this.showStream(stream);
    if (this.created)
      fill(
        this.banner,
        el(
          'div',
          { class: 'notice notice-info created', role: 'status' },
          `Stream "${stream.name}" created. Point your encoder at the settings below; it turns live when it publishes.`,
        ),
      );
    this.off = this.session.onEvent((event) => {
      if (event.data.streamId !== this.streamId) return;
      if (event.type === 'stream.deleted') {
        this.notices.info(`Stream "${this.stream?.name}" was deleted.`);
        this.leave();
      } else if (event.type === 'stream.updated') void this.reloadStream();
      else if (event.type === 'ingest.stats' && this.status) {
        this.status = { ...this.status, ingest: event.data.status };
        this.renderStatus();
      } else if (event.type === 'media.stats' && this.status) {
        this.status = { ...this.status, media: event.data.media };
        this.renderStatus();
      } else if (event.type === 'stream.error')
        this.notices.error(`${this.stream?.name}: ${event.data.message}`);
      else if (event.type !== 'restream.status' && event.type !== 'media.stats') this.scheduleStatus(200);
    });
    this.destinations.start();
    void this.loadStatus();
    this.timers.push(setInterval(() => void this.loadStatus(), STATUS_POLL_MS));
    this.timers.push(setInterval(() => this.drawCharts(), CHART_REDRAW_MS));
    this.drawCharts();
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    clearTimeout(this.statusTimer);
    this.off?.();
    this.destinations.close();
  }

  private async reloadStream(): Promise<void> {
    const stream = await this.notices.attempt(() => this.session.api.stream(this.streamId));
    if (stream) this.showStream(stream);
  }

  private scheduleStatus(delayMs: number): void {
    clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => void this.loadStatus(), delayMs);
  }

  private async loadStatus(): Promise<void> {
    const status = await this.session.api.status(this.streamId).catch(() => undefined);
    if (!status) return;
    this.status = status;
    this.session.noteStatus(this.streamId, status);
    this.renderStatus();
  }

  private showStream(stream: StreamView): void {
    this.stream = stream;
    document.title = `${stream.name} · Tidewater console`;
    fill(this.settingsSlot, ingestPanel(stream, this.session.canWrite));
    fill(this.playbackSlot, playbackPanel(stream));
    this.renderHead();
  }

  private renderBadges(): void {
    const stream = this.stream;
    if (!stream) return;
    fill(
      this.badges,
      statusBadge(badgeOf(this.session.livenessOf(stream.id))),
      stream.enabled ? null : statusBadge('disabled', 'Publishing is refused'),
    );
  }

  private renderHead(): void {
    const stream = this.stream;
    if (!stream) return;
    const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.focusKey;
    const action = (label: string, key: string, run: () => Promise<void>, danger = false) =>
      el(
        'button',
        { type: 'button', class: danger ? 'danger' : null, 'data-focus-key': key, onclick: () => void run() },
        label,
      );
    const actions = this.session.canWrite
      ? el(
          'div',
          { class: 'actions' },
          action(stream.enabled ? 'Disable' : 'Enable', 'enable', async () => {
            const next = await this.notices.attempt(() =>
              this.session.api.streamAction(stream.id, stream.enabled ? 'disable' : 'enable'),
            );
            if (next) this.showStream(next);
          }),
          action('Rotate key', 'rotate', async () => {
            if (
              !(await confirmAction(
                'Replace the stream key? Encoders using the old key can no longer publish.',
                'Rotate key',
              ))
            )
              return;
            const next = await this.notices.attempt(() =>
              this.session.api.streamAction(stream.id, 'rotate-key'),
            );
            if (next) {
              this.showStream(next);
              this.notices.info('New stream key issued: update your encoder.');
            }
          }),
          action(
            'Delete',
            'delete',
            async () => {
              if (
                !(await confirmAction(
                  `Delete the stream "${stream.name}"? Its key and destinations go with it.`,
                  'Delete stream',
                ))
              )
                return;
              const deleted = await this.notices.attempt(async () => {
                await this.session.api.deleteStream(stream.id);
                return true;
              });
              if (deleted) {
                this.notices.info(`Stream "${stream.name}" deleted.`);
                this.leave();
              }
            },
            true,
          ),
        )
      : null;
    fill(this.head, el('h1', { id: 'stream-title' }, stream.name), this.badges, actions);
    this.renderBadges();
    if (focusKey) (this.head.querySelector(`[data-focus-key="${focusKey}"]`) as HTMLElement | null)?.focus();
  }

  private renderStatus(): void {
    const status = this.status;
    if (!status) return;
    this.renderBadges();
    const { ingest, media } = status;
    const stats = Object.entries(ingest.protocolStats);
    fill(
      this.health,
      facts([
        ['Publisher', statusBadge(ingest.state)],
        ['Protocol', ingest.protocol?.toUpperCase() ?? UNKNOWN],
        ['Remote address', ingest.remoteAddress ?? UNKNOWN],
        ['Connected', formatAgo(ingest.connectedAt)],
        ['Last packet', formatAgo(ingest.lastPacketAt)],
        ['Bitrate in', formatBitrate(ingest.bitrateKbps)],
        ['Received', formatBytes(ingest.bytesReceived)],
        ['Reconnects', ingest.reconnects],
        ...stats.map(([name, value]): [string, string] => [
          statLabel(name),
          String(Number(value.toFixed(2))),
        ]),
      ]),
    );
    fill(
      this.media,
      facts([
        ['Packaging', media.live ? statusBadge('live') : statusBadge('offline')],
        ['Video', media.videoCodec ?? UNKNOWN],
        ['Picture', formatVideo(media.width, media.height, media.frameRate)],
        ['Keyframe interval', media.keyframeIntervalSeconds ? `${media.keyframeIntervalSeconds} s` : UNKNOWN],
        [
          'Audio',
          media.audioCodec
            ? `${media.audioCodec}${media.audioSampleRate ? `, ${media.audioSampleRate} Hz` : ''}${media.audioChannels ? `, ${media.audioChannels} ch` : ''}`
            : UNKNOWN,
        ],
        ['Media bitrate', formatBitrate(media.bitrateKbps)],
        [
          'Encoder',
          media.encoderReason ? el('span', { title: media.encoderReason }, media.encoder) : media.encoder,
        ],
        ['Part target', media.partTargetSeconds ? `${media.partTargetSeconds} s` : UNKNOWN],
        ['Parts made', media.partsProduced],
        [
          'Renditions',
          media.renditions.length
            ? el('ul', { class: 'renditions' }, ...media.renditions.map((r) => el('li', {}, r)))
            : UNKNOWN,
        ],
      ]),
    );
    fill(this.audience, ...viewersAndLatency(media));
  }

  private drawCharts(): void {
    this.ingestChart.render([
      { label: 'publisher', samples: this.session.bitrateHistory(this.streamId).values() },
    ]);
    this.latencyChart.render([
      { label: 'edge age', samples: this.session.edgeAgeHistory(this.streamId).values() },
    ]);
    this.restreamChart.render(this.destinations.series());
  }
}
