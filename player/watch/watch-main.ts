/**
 * The viewer page's script (/watch/<stream> and /embed/<stream>). The origin renders the
 * page with the stream's URLs in data attributes; the query string may pick
 * `protocol=hls|dash`, `abr=default` (the library's own ABR, for comparisons),
 * `latency=<seconds>` and `stats=1`.
 */
import type { Protocol } from './playback-engine.ts';
import { PlayerControls } from './player-controls.ts';
import { type PlayerStats, readStats } from './player-stats.ts';
import { ViewerSession } from './viewer-session.ts';

declare global {
  interface Window {
    /** For tests and the curious: read stats, pick a rendition. */
    tidewaterPlayer?: {
      stats(): PlayerStats;
      renditions(): { index: number; height: number; bitrate: number }[];
      select(index: number): void;
      switchProtocol(protocol: Protocol): void;
    };
  }
}

const root = document.getElementById('player');
const absolute = (path: string | undefined) => new URL(path ?? '', location.href).href;
const query = new URLSearchParams(location.search);
if (root) {
  const pick = <T extends HTMLElement>(selector: string) => root.querySelector(selector) as T;
  const video = pick<HTMLVideoElement>('video');
  const latency = Number(query.get('latency'));
  const session = new ViewerSession({
    video,
    // Absolute: dash.js resolves BaseURL and refreshes the MPD against it (a relative MPD URL broke both).
    urls: { hls: absolute(root.dataset.hls), dash: absolute(root.dataset.dash) },
    protocol: query.get('protocol') === 'dash' ? 'dash' : 'hls',
    abr: query.get('abr') === 'default' ? 'default' : 'ours',
    targetLatencySeconds: latency > 0 && latency <= 30 ? latency : undefined,
    onChange: () => controls.render(),
  });
  const controls = new PlayerControls(
    {
      video,
      offline: pick('.tw-offline'),
      stats: pick('.tw-stats'),
      quality: pick('.tw-quality'),
      protocol: pick('.tw-protocol'),
      live: pick('.tw-live'),
      dvr: pick('.tw-dvr'),
      statsToggle: pick('.tw-stats-toggle'),
    },
    session,
  );
  if (query.get('stats') === '1') pick('.tw-stats').hidden = false;
  window.tidewaterPlayer = {
    stats: () => readStats(session, video),
    renditions: () => session.engine?.renditions() ?? [],
    select: (index) => session.engine?.select(index),
    switchProtocol: (protocol) => session.switchProtocol(protocol),
  };
  session.start();
  controls.start();
}
// The watch page's embed snippet: one click selects it all for copying.
document.querySelector('textarea')?.addEventListener('focus', (event) => {
  (event.target as HTMLTextAreaElement).select();
});
