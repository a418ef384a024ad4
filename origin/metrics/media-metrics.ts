import { Gauge, type Registry } from 'prom-client';
import type { LiveStreams } from '../../packager/live/live-streams.ts';

/**
 * Per-stream media metrics, read from the live packagers at scrape time (no work
 * on the media path): parts produced, bytes held in memory, segment window, and
 * the playlist/part requests being held right now.
 */
export function mediaMetrics(registry: Registry, live: Pick<LiveStreams, 'names' | 'get'>) {
  const waiting = new Gauge({
    name: 'tidewater_hls_requests_waiting',
    help: 'LL-HLS playlist and part requests held until their part exists',
    registers: [registry],
  });
  new Gauge({
    name: 'tidewater_stream_parts_produced',
    help: 'Parts published since the stream started, by stream',
    labelNames: ['stream'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const name of live.names()) this.set({ stream: name }, live.get(name)?.partsProduced ?? 0);
    },
  });
  new Gauge({
    name: 'tidewater_stream_media_bytes_held',
    help: 'Media bytes held in memory for the live window and its grace time, by stream and track',
    labelNames: ['stream', 'track'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const name of live.names()) {
        for (const [track, timeline] of Object.entries(live.get(name)?.tracks ?? {})) {
          this.set({ stream: name, track }, timeline.heldBytes);
        }
      }
    },
  });
  return { onWaitingChange: (delta: number) => waiting.inc(delta) };
}
