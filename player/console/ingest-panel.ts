/** Where an encoder publishes: OBS's two fields first (what most operators need), then each protocol's URL. */
import type { StreamView } from './api-types.ts';
import { copyField } from './copy-button.ts';
import { el } from './dom-builder.ts';

export function ingestPanel(stream: StreamView, canWrite: boolean): HTMLElement {
  return el(
    'section',
    { class: 'card ingest-settings', 'aria-labelledby': 'ingest-settings-title' },
    el('h2', { id: 'ingest-settings-title' }, 'Encoder settings'),
    el('h3', {}, 'OBS (Settings → Stream → Custom)'),
    copyField('Server', stream.ingest.obs.server),
    copyField('Stream key', stream.ingest.obs.streamKey, { secret: true }),
    canWrite
      ? null
      : el('p', { class: 'hint' }, 'The stream key is masked: read-only API keys cannot see it.'),
    el('h3', {}, 'Other encoders'),
    copyField('RTMP URL', stream.ingest.rtmp, { secret: true }),
    copyField('SRT URL', stream.ingest.srt, { secret: true }),
    copyField('UDP MPEG-TS', stream.ingest.udp),
  );
}

export function playbackPanel(stream: StreamView): HTMLElement {
  return el(
    'section',
    { class: 'card playback', 'aria-labelledby': 'playback-title' },
    el('h2', { id: 'playback-title' }, 'Playback'),
    el(
      'p',
      {},
      el('a', { href: stream.playback.player, target: '_blank', rel: 'noopener' }, 'Open the player'),
      ' (new tab)',
    ),
    copyField('Player page', stream.playback.player),
    copyField('LL-HLS', stream.playback.hls),
    copyField('LL-DASH', stream.playback.dash),
  );
}
