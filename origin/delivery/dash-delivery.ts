import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { NotFoundError, ServiceUnavailableError } from '../../defs/errors.ts';
import { renderMpd } from '../../packager/dash/mpd.ts';
import { dashSnapshot } from '../../packager/live/dash-snapshot.ts';
import type { LivePackager } from '../../packager/live/live-packager.ts';
import type { LiveStreams } from '../../packager/live/live-streams.ts';
import { problemResponse } from '../http/problem-response.ts';
import { playlistResponse } from './playlist-response.ts';
import { RenderedPlaylists } from './rendered-playlists.ts';
import type { ViewerTally } from './viewer-tally.ts';
import { viewerClientKey } from './viewer-tally-client.ts';

export interface DashDeliveryOptions {
  live: Pick<LiveStreams, 'get'>;
  corsOrigin: string;
  /** Absolute URL of the origin's clock (`/time`), for the MPD's UTCTiming. */
  timeUrl: () => string;
  /** Counts who polls the MPD (viewers per stream). */
  viewers?: Pick<ViewerTally, 'seen'>;
}

/**
 * LL-DASH at /dash/<stream>/manifest.mpd. The MPD points at the same media files as
 * LL-HLS (/hls/<stream>/<track>/<run>/...), whose in-progress segment streams as it
 * grows (segment-stream.ts), so one set of chunks serves both protocols.
 */
export function dashDelivery(options: DashDeliveryOptions) {
  const app = new Hono();
  app.onError((error, c) => problemResponse(error, c));
  app.use('*', cors({ origin: options.corsOrigin, exposeHeaders: ['content-length', 'etag'] }));
  const rendered = new RenderedPlaylists();
  // The MPD changes when a segment completes, when the next one gets its first part (only
  // then is it listed: caching past that moment made dash.js ask for segments 2 s late and
  // stall), or when a source session changes; not with every part, so one rendering serves
  // many polls.
  const stampOf = (packager: LivePackager) =>
    [
      packager.runId,
      ...Object.values(packager.tracks).map(
        (t) => `${t.currentMsn}:${t.inProgress?.parts.length ? 1 : 0}:${t.ended}:${t.init?.version}`,
      ),
    ].join('|');

  app.get('/:name/manifest.mpd', async (c) => {
    const name = c.req.param('name');
    const packager = options.live.get(name);
    if (!packager) throw new NotFoundError(`No live stream named "${name}".`);
    options.viewers?.seen('dash', name, viewerClientKey(c.req.raw, c.env));
    const ready = () =>
      packager.partTarget !== undefined && Object.values(packager.tracks).some((t) => t.init);
    const signal = Object.values(packager.tracks)[0]?.changed;
    // A stream that is starting gets a short wait instead of an error, as for HLS.
    if (!ready() && signal) await signal.waitUntil(ready, 10_000);
    const mpd = rendered.get(name, stampOf(packager), () => {
      const snapshot = dashSnapshot(packager, {
        streamName: name,
        utcTimings: [{ scheme: 'http-iso', url: options.timeUrl() }],
        now: Date.now(),
      });
      if (!snapshot) throw new ServiceUnavailableError('The stream is starting; no media yet.');
      return renderMpd(snapshot);
    });
    // Players poll at minimumUpdatePeriod (a few parts): a CDN may share one copy for a second.
    return playlistResponse(c, mpd, 'public, max-age=1', 'application/dash+xml');
  });
  return app;
}

/** `/time`: the origin's wall clock (ISO 8601) for players' UTCTiming (http-iso). */
export function timeEndpoint(corsOrigin: string) {
  const app = new Hono();
  app.use('*', cors({ origin: corsOrigin }));
  app.get('/', (c) =>
    c.text(new Date().toISOString(), 200, { 'cache-control': 'no-store', 'content-type': 'text/plain' }),
  );
  return app;
}
