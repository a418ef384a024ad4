/**
 * The streams page: every stream with its live badge, protocol and bitrate kept current
 * by the event socket, a search box, and (for admin keys) the new-stream form.
 */
import type { StreamView } from './api-types.ts';
import type { ConsoleSession } from './console-session.ts';
import { createStreamForm } from './create-stream-form.ts';
import { el, fill } from './dom-builder.ts';
import type { Notices } from './notices.ts';
import { StreamListRow } from './stream-list-row.ts';

/** Status requests in flight at once when the list loads (each is a small GET). */
const STATUS_CONCURRENCY = 4;

export interface StreamsViewOptions {
  session: ConsoleSession;
  notices: Notices;
  /** Go to a stream's page (`created`: it was just made here). */
  openStream: (stream: StreamView, created: boolean) => void;
}

export class StreamsView {
  readonly element: HTMLElement;
  private readonly list = el('ul', { class: 'stream-list', 'aria-label': 'Streams' });
  private readonly summary = el('p', { class: 'muted', 'aria-live': 'polite' });
  private readonly search = el('input', {
    type: 'search',
    placeholder: 'Search by name',
    'aria-label': 'Search streams by name',
    class: 'search',
  });
  private readonly formSlot = el('div');
  private readonly rows = new Map<string, StreamListRow>();
  private readonly off: (() => void)[] = [];
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private loading = 0;
  private missedEvents = false;

  private readonly session: ConsoleSession;
  private readonly notices: Notices;
  private readonly openStream: StreamsViewOptions['openStream'];

  constructor(options: StreamsViewOptions) {
    ({ session: this.session, notices: this.notices, openStream: this.openStream } = options);
    const newButton = this.session.canWrite
      ? el('button', { type: 'button', class: 'primary', onclick: () => this.toggleForm() }, 'New stream')
      : null;
    this.element = el(
      'section',
      { class: 'streams-page', 'aria-labelledby': 'streams-title' },
      el('div', { class: 'page-head' }, el('h1', { id: 'streams-title' }, 'Streams'), this.search, newButton),
      this.formSlot,
      this.summary,
      this.list,
    );
    this.search.addEventListener('input', () => this.scheduleReload(250));
  }

  start(): void {
    this.off.push(
      this.session.onSocketState((state) => {
        // Back after a drop: events were missed, so read everything again.
        if (state === 'closed') this.missedEvents = true;
        if (state === 'open' && this.missedEvents) {
          this.missedEvents = false;
          this.scheduleReload(0);
        }
      }),
      this.session.onEvent((event) => {
        if (
          event.type === 'stream.created' ||
          event.type === 'stream.deleted' ||
          event.type === 'stream.updated'
        )
          this.scheduleReload(300);
        else {
          const row = this.rows.get(event.data.streamId);
          row?.update(row.stream, this.live(event.data.streamId));
        }
      }),
    );
    void this.reload();
  }

  close(): void {
    clearTimeout(this.reloadTimer);
    for (const off of this.off.splice(0)) off();
  }

  private live(id: string) {
    return this.session.livenessOf(id);
  }

  private toggleForm(): void {
    if (this.formSlot.firstChild) {
      fill(this.formSlot);
      return;
    }
    fill(
      this.formSlot,
      createStreamForm({
        api: this.session.api,
        onCreated: (stream) => this.openStream(stream, true),
        onCancel: () => fill(this.formSlot),
      }),
    );
  }

  private scheduleReload(delayMs: number): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.reload(), delayMs);
  }

  private async reload(): Promise<void> {
    const query = this.search.value.trim().toLowerCase();
    const attempt = ++this.loading;
    const page = await this.notices.attempt(() => this.session.api.listStreams(query));
    if (!page || attempt !== this.loading) return;
    const seen = new Set<string>();
    const items: HTMLElement[] = [];
    for (const stream of page.items) {
      seen.add(stream.id);
      let row = this.rows.get(stream.id);
      if (!row) {
        row = new StreamListRow(stream);
        this.rows.set(stream.id, row);
      }
      row.update(stream, this.live(stream.id));
      items.push(row.element);
    }
    for (const id of [...this.rows.keys()]) if (!seen.has(id)) this.rows.delete(id);
    fill(this.list, ...items);
    this.summary.textContent = page.total
      ? `${page.total} stream${page.total === 1 ? '' : 's'}${query ? ` matching "${query}"` : ''}${page.total > page.items.length ? ` (first ${page.items.length} shown)` : ''}.`
      : query
        ? `No stream matches "${query}".`
        : this.session.canWrite
          ? 'No streams yet: create one with "New stream".'
          : 'No streams yet.';
    await this.loadStatuses(page.items.filter((s) => !this.live(s.id)));
  }

  /** The first liveness of streams the events have not spoken of yet. */
  private async loadStatuses(streams: StreamView[]): Promise<void> {
    const queue = [...streams];
    const worker = async () => {
      for (let stream = queue.shift(); stream; stream = queue.shift()) {
        const status = await this.session.api.status(stream.id).catch(() => undefined);
        if (!status) continue;
        if (!this.live(stream.id)) this.session.noteStatus(stream.id, status);
        this.rows.get(stream.id)?.update(stream, this.live(stream.id));
      }
    };
    await Promise.all(Array.from({ length: STATUS_CONCURRENCY }, worker));
  }
}
