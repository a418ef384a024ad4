import { Gauge, type Registry } from 'prom-client';
import { measuredBitrate } from '../../packager/live/hls-snapshot.ts';
import type { LiveStreams } from '../../packager/live/live-streams.ts';
import type { TrackTimeline } from '../../packager/live/track-timeline.ts';
import { PartPublishDelays } from './part-publish-delays.ts';
import { PerLabelHistogram } from './per-label-histogram.ts';

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
  // One value per stream and track, read from each live timeline at scrape time.
  const perTrackGauge = (
    name: string,
    help: string,
    value: (timeline: TrackTimeline) => number | undefined,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: ['stream', 'track'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const stream of live.names()) {
          for (const [track, timeline] of Object.entries(live.get(stream)?.tracks ?? {})) {
            const v = value(timeline);
            if (v !== undefined) this.set({ stream, track }, v);
          }
        }
      },
    });
  perTrackGauge(
    'tidewater_stream_media_bytes_held',
    'Media bytes held in memory for the live window and its grace time, by stream and track',
    (timeline) => timeline.heldBytes,
  );
  perTrackGauge(
    'tidewater_stream_bitrate_bits_per_second',
    'Average bitrate over the live window, by stream and track (the ingest bitrate in passthrough)',
    (timeline) => (timeline.init ? measuredBitrate(timeline).average : undefined),
  );
  new Gauge({
    name: 'tidewater_stream_frames_per_second',
    help: 'Video frame rate of the stream',
    labelNames: ['stream'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const name of live.names()) {
        const fps = live.get(name)?.frameRate;
        if (fps) this.set({ stream: name }, fps);
      }
    },
  });
  // Observed for every part of every track: the cheap histogram, not prom-client's.
  const publishDelay = new PerLabelHistogram(
    'tidewater_part_publish_delay_seconds',
    "From a part's last byte out of FFmpeg to the part being available to viewers",
    'track',
    [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registry,
  );
  // The same delays per stream, for the median the status API and the console show.
  const publishDelays = new PartPublishDelays();
  return {
    onWaitingChange: (delta: number) => waiting.inc(delta),
    publishDelays,
    /** `stream` when the caller knows which stream published the part. */
    observePartPublished: (part: { track: string; publishDelayMs: number }, stream?: string) => {
      publishDelay.observe(part.track, part.publishDelayMs / 1000);
      if (stream !== undefined) publishDelays.observe(stream, part.publishDelayMs);
    },
  };
}
