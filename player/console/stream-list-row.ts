/** One stream in the list: preview, name, live badge, protocol, bitrate and viewers (refreshed in place). */
import type { StreamView } from './api-types.ts';
import { el, fill } from './dom-builder.ts';
import { badgeOf, type StreamLiveness } from './live-state.ts';
import { statusBadge } from './status-badge.ts';
import { formatBitrate } from './value-format.ts';

/** Preview images change every few seconds; ask again at most this often (sooner while there is none yet). */
const THUMBNAIL_REFRESH_MS = 10_000;
const THUMBNAIL_RETRY_MS = 3000;

export class StreamListRow {
  readonly element: HTMLLIElement;
  private readonly status = el('div', { class: 'row-status' });
  private readonly thumbnail = el('img', { class: 'thumb', alt: '', width: 128, height: 72, hidden: true });
  private readonly placeholder = el(
    'div',
    { class: 'thumb thumb-empty', 'aria-hidden': 'true' },
    'no preview',
  );
  private thumbnailAt = 0;
  private thumbnailShown = false;
  stream: StreamView;

  constructor(stream: StreamView) {
    this.stream = stream;
    this.thumbnail.addEventListener('error', () => this.showThumbnail(false));
    this.thumbnail.addEventListener('load', () => this.showThumbnail(true));
    this.element = el(
      'li',
      { class: 'stream-row', 'data-stream-id': stream.id, 'data-stream-name': stream.name },
      el('div', { class: 'thumb-box' }, this.thumbnail, this.placeholder),
      el(
        'div',
        { class: 'row-main' },
        el('a', { href: `#/streams/${stream.id}`, class: 'stream-name' }, stream.name),
        this.status,
      ),
    );
  }

  update(stream: StreamView, liveness: StreamLiveness | undefined): void {
    this.stream = stream;
    const badge = badgeOf(liveness);
    const live = badge !== 'offline';
    fill(
      this.status,
      statusBadge(badge),
      stream.enabled ? null : statusBadge('disabled', 'Publishing is refused'),
      liveness?.protocol ? el('span', { class: 'protocol' }, liveness.protocol.toUpperCase()) : null,
      live ? el('span', { class: 'bitrate' }, formatBitrate(liveness?.bitrateKbps ?? 0)) : null,
      live ? el('span', { class: 'viewers' }, viewersLabel(liveness?.viewers ?? 0)) : null,
    );
    const now = Date.now();
    const wait = this.thumbnailShown ? THUMBNAIL_REFRESH_MS : THUMBNAIL_RETRY_MS;
    if (live && now - this.thumbnailAt >= wait) {
      this.thumbnailAt = now;
      this.thumbnail.src = `/thumbnails/${encodeURIComponent(stream.name)}.jpg?t=${now}`;
    }
    if (!live) this.showThumbnail(false);
  }

  private showThumbnail(shown: boolean): void {
    this.thumbnailShown = shown;
    this.thumbnail.hidden = !shown;
    this.placeholder.hidden = shown;
  }
}

function viewersLabel(count: number): string {
  return `${count} viewer${count === 1 ? '' : 's'}`;
}
