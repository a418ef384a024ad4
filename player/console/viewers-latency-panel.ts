/**
 * A stream's viewers (HLS and DASH, as the origin estimates them) and what the origin adds
 * to latency, from the status's `media` (kept current by `media.stats` events).
 */
import type { MediaStatus } from '../../defs/stream-status.ts';
import { el, facts } from './dom-builder.ts';
import { formatLatency, UNKNOWN } from './value-format.ts';

const viewerCount = (protocol: 'hls' | 'dash', count: number, label: string) =>
  el(
    'span',
    { class: 'viewer-count', 'data-protocol': protocol },
    el('strong', {}, String(count)),
    ` ${label}`,
  );

/** With a title that says what the figure measures (the words alone are jargon). */
const explained = (value: string, title: string) => el('span', { title }, value);

export function viewersAndLatency(media: MediaStatus): HTMLElement[] {
  const { viewers, latency } = media;
  return [
    el(
      'p',
      { class: 'viewer-figures' },
      viewerCount('hls', viewers.hls, 'HLS'),
      viewerCount('dash', viewers.dash, 'DASH'),
    ),
    el(
      'p',
      { class: 'hint' },
      'An estimate: clients (address and browser) that polled a playlist or the MPD in the last 10 s.',
    ),
    facts([
      [
        'Edge age',
        explained(
          formatLatency(latency.edgeAgeMs),
          'How old the newest playable part is at the origin: now minus its program date-time end',
        ),
      ],
      [
        'Part publish (median)',
        explained(
          formatLatency(latency.partPublishMs),
          "From a part's last byte out of FFmpeg to its availability, over the last 10 s",
        ),
      ],
      ['Part hold-back', latency.partHoldBackSeconds === null ? UNKNOWN : `${latency.partHoldBackSeconds} s`],
    ]),
  ];
}
