import { Counter, type Registry } from 'prom-client';
import type { LiveStreams } from '../../packager/live/live-streams.ts';
import type { ViewerTally } from '../delivery/viewer-tally.ts';
import { collectedGauge } from './collected-gauge.ts';

/**
 * Viewers per live stream and protocol at scrape time (an estimate: see
 * origin/delivery/viewer-tally.ts), and the requests of clients the tally had no room for.
 */
export function viewerMetrics(
  registry: Registry,
  tally: Pick<ViewerTally, 'counts' | 'overflowed'>,
  live: Pick<LiveStreams, 'names'>,
): void {
  collectedGauge(
    registry,
    'tidewater_viewers',
    'Clients that polled the stream playlist (hls) or MPD (dash) in the last 10 s, by stream and protocol',
    ['stream', 'protocol'],
    (set) => {
      for (const stream of live.names()) {
        const counts = tally.counts(stream);
        set({ stream, protocol: 'hls' }, counts.hls);
        set({ stream, protocol: 'dash' }, counts.dash);
      }
    },
  );
  new Counter({
    name: 'tidewater_viewer_tally_overflow_total',
    help: "Playlist requests of new clients not tallied because their stream's client table was full",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(tally.overflowed);
    },
  });
}
