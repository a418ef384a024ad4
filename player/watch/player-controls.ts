import type { Protocol } from './playback-engine.ts';
import { readStats, statsText } from './player-stats.ts';
import type { ViewerSession } from './viewer-session.ts';

/** The elements the page provides (player-page.ts on the origin renders them). */
export interface PlayerElements {
  video: HTMLVideoElement;
  offline: HTMLElement;
  stats: HTMLElement;
  quality: HTMLSelectElement;
  protocol: HTMLSelectElement;
  live: HTMLButtonElement;
  dvr: HTMLInputElement;
  statsToggle: HTMLButtonElement;
}

/**
 * Quality menu (auto + each rendition), protocol switch, live button, DVR slider and the
 * stats overlay, kept in step with the session. Renders on session changes and twice a second.
 */
export class PlayerControls {
  private readonly el: PlayerElements;
  private readonly session: ViewerSession;
  private timer: ReturnType<typeof setInterval> | undefined;
  private menuKey = '';
  private dragging = false;

  constructor(elements: PlayerElements, session: ViewerSession) {
    this.el = elements;
    this.session = session;
    elements.quality.addEventListener('change', () => {
      this.session.engine?.select(Number(elements.quality.value));
    });
    elements.protocol.addEventListener('change', () => {
      this.menuKey = '';
      this.session.switchProtocol(elements.protocol.value as Protocol);
    });
    elements.live.addEventListener('click', () => this.session.engine?.seekToLive());
    elements.statsToggle.addEventListener('click', () => {
      elements.stats.hidden = !elements.stats.hidden;
      this.render();
    });
    elements.dvr.addEventListener('input', () => {
      this.dragging = true;
    });
    elements.dvr.addEventListener('change', () => {
      this.dragging = false;
      const video = elements.video;
      if (video.seekable.length === 0) return;
      const end = video.seekable.end(video.seekable.length - 1);
      this.session.engine?.seekTo(end - Number(elements.dvr.max) + Number(elements.dvr.value));
    });
  }

  start(): void {
    this.timer = setInterval(() => this.render(), 500);
    this.render();
  }

  close(): void {
    clearInterval(this.timer);
  }

  render(): void {
    const { el, session } = this;
    el.protocol.value = session.protocol;
    el.offline.hidden = session.state !== 'offline';
    const engine = session.engine;
    const renditions = engine?.renditions() ?? [];
    const key = `${session.protocol}|${renditions.map((r) => `${r.height}:${r.bitrate}`).join(',')}`;
    if (key !== this.menuKey) {
      this.menuKey = key;
      const options = [new Option('Auto', '-1')];
      for (const r of [...renditions].sort((a, b) => b.height - a.height || b.bitrate - a.bitrate))
        options.push(new Option(`${r.height}p (${Math.round(r.bitrate / 1000)} kbps)`, String(r.index)));
      el.quality.replaceChildren(...options);
      el.quality.disabled = renditions.length < 2;
    }
    if (engine && document.activeElement !== el.quality) el.quality.value = String(engine.selected());

    const video = el.video;
    const window = engine?.dvrWindowSeconds() ?? 0;
    el.dvr.hidden = window === 0;
    if (window > 0 && !this.dragging && video.seekable.length > 0) {
      const end = video.seekable.end(video.seekable.length - 1);
      el.dvr.max = String(Math.round(window));
      el.dvr.value = String(Math.max(0, Math.round(window - (end - video.currentTime))));
    }
    const latency = engine?.latency();
    const target = engine?.targetLatency();
    el.live.classList.toggle('behind', latency !== undefined && target !== undefined && latency > target + 3);
    if (!el.stats.hidden) el.stats.textContent = statsText(readStats(session, video));
  }
}
