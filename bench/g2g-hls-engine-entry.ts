/**
 * Browser entry for the glass-to-glass page's `origin-player` case: the viewer page's own
 * hls.js engine (player/hls/hls-engine.ts: low-latency mode, our catch-up and ABR), so the
 * bench measures what a viewer of /watch gets. Built in memory by glass-to-glass.ts.
 */
import { hlsEngine } from '../player/hls/hls-engine.ts';

(
  window as unknown as { startTidewaterHls: (video: HTMLVideoElement, url: string) => void }
).startTidewaterHls = (video, url) => {
  const engine = hlsEngine({
    video,
    url,
    abr: 'ours',
    onRenditions: () => {},
    onStop: (stop) => {
      const g2g = (window as unknown as { g2g: { errors: string[] } }).g2g;
      g2g.errors.push(`stopped: ${stop.reason}`);
    },
  });
  (window as unknown as { tidewaterEngine: unknown }).tidewaterEngine = engine;
};
