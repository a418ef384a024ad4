import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { NotFoundError, ServiceUnavailableError, ValidationError } from '../../defs/errors.ts';
import {
  blockingReloadTimeoutMs,
  cacheControlFor,
  decideBlockingReload,
  isSatisfied,
} from '../../packager/hls/blocking-reload.ts';
import { renderMediaPlaylist } from '../../packager/hls/media-playlist.ts';
import { renderMultivariantPlaylist } from '../../packager/hls/multivariant-playlist.ts';
import {
  blockingStateOf,
  mediaPlaylistSnapshot,
  multivariantSnapshot,
} from '../../packager/live/hls-snapshot.ts';
import { type LivePackager, type TrackId, trackKindOf } from '../../packager/live/live-packager.ts';
import type { LiveStreams } from '../../packager/live/live-streams.ts';
import { problemResponse } from '../http/problem-response.ts';
import { mediaResponse } from './media-response.ts';
import { playlistResponse } from './playlist-response.ts';
import { RenderedPlaylists } from './rendered-playlists.ts';
import { segmentStream } from './segment-stream.ts';

export interface HlsDeliveryOptions {
  live: Pick<LiveStreams, 'get'>;
  corsOrigin: string;
  /** Blocked playlist requests right now (a gauge), for metrics. */
  onWaitingChange?: (delta: number) => void;
}

/**
 * LL-HLS from memory at /hls/<stream>/... (layout in packager/live/hls-snapshot.ts).
 * Playlists: blocking reload, delta updates, gzip. Media: immutable, ETag, Range.
 * A request for the next part (the preload hint) is held until the part exists.
 */
export function hlsDelivery(options: HlsDeliveryOptions) {
  const app = new Hono();
  // Its own error renderer: the delivery app also runs alone (edge nodes, tests).
  app.onError((error, c) => problemResponse(error, c));
  app.use(
    '*',
    cors({ origin: options.corsOrigin, exposeHeaders: ['content-length', 'content-range', 'etag'] }),
  );

  const rendered = new RenderedPlaylists();
  // Everything a playlist shows changes only when some track of its stream changes.
  const stampOf = (packager: LivePackager) =>
    `${packager.runId}:${packager.targetDuration}:${Object.values(packager.tracks)
      .map((t) => t.version)
      .join(',')}`;

  const packagerOf = (name: string): LivePackager => {
    const packager = options.live.get(name);
    if (!packager) throw new NotFoundError(`No live stream named "${name}".`);
    return packager;
  };

  // Holds a request until `ready()`, counting it as waiting while it is held.
  const hold = async (
    packager: LivePackager,
    kind: TrackId | undefined,
    ready: () => boolean,
    timeoutMs: number,
  ) => {
    const timelines = kind ? [packager.tracks[kind]] : Object.values(packager.tracks);
    const signal = timelines[0]?.changed;
    if (!signal) return ready();
    if (ready()) return true;
    // An ended stream will never satisfy anything: release at once (the caller re-checks
    // and answers), so no request waits out its timeout and shutdown is not held up.
    const ended = () => timelines.every((t) => t?.ended);
    options.onWaitingChange?.(1);
    try {
      return (await signal.waitUntil(() => ready() || ended(), timeoutMs)) && ready();
    } finally {
      options.onWaitingChange?.(-1);
    }
  };

  app.get('/:name/index.m3u8', async (c) => {
    const packager = packagerOf(c.req.param('name'));
    // A stream that is starting gets a short wait instead of an error: players start sooner.
    const ready = await hold(
      packager,
      undefined,
      () => packager.partTarget !== undefined && Object.values(packager.tracks).some((t) => t.init),
      10_000,
    );
    if (!ready) throw new ServiceUnavailableError('The stream is starting; no media yet.');
    const playlist = rendered.get(`${c.req.param('name')}|multivariant`, stampOf(packager), () => {
      const snapshot = multivariantSnapshot(packager);
      if (!snapshot) throw new ServiceUnavailableError('The stream is starting; no media yet.');
      return renderMultivariantPlaylist(snapshot);
    });
    return playlistResponse(c, playlist, cacheControlFor('multivariant-playlist', packager.targetDuration));
  });

  // video.m3u8 / audio.m3u8, or one per ladder rendition (video-720p.m3u8).
  app.get('/:name/:playlist{[a-z0-9-]{1,32}\\.m3u8}', async (c) => {
    const packager = packagerOf(c.req.param('name'));
    const kind: TrackId = c.req.param('playlist').replace('.m3u8', '');
    const timeline = packager.tracks[kind];
    if (!timeline) throw new NotFoundError(`This stream has no ${kind} track.`);
    // A cheap readiness test: it runs for every request; snapshots are built once per state.
    const started = await hold(
      packager,
      kind,
      () => timeline.init !== undefined && packager.partTarget !== undefined,
      10_000,
    );
    if (!started || packager.partTarget === undefined)
      throw new ServiceUnavailableError('The stream is starting; no media yet.');
    const partTarget = packager.partTarget;
    const targetDuration = packager.targetDuration;

    const query = {
      _HLS_msn: c.req.query('_HLS_msn'),
      _HLS_part: c.req.query('_HLS_part'),
      _HLS_skip: c.req.query('_HLS_skip'),
    };
    const decision = decideBlockingReload(query, blockingStateOf(timeline, partTarget));
    if (decision.kind === 'bad-request')
      throw new ValidationError(decision.reason, [{ path: 'query', message: decision.reason }]);
    if (decision.kind === 'wait') {
      const request = { msn: decision.msn, part: decision.part };
      // §6.2.5.2: "If the Server cannot fulfill the request within three Target Durations, it SHOULD
      // return 503 (Service Unavailable)."
      const met = await hold(
        packager,
        kind,
        () => isSatisfied(request, blockingStateOf(timeline, partTarget)),
        blockingReloadTimeoutMs(targetDuration),
      );
      if (!met) {
        c.header('cache-control', cacheControlFor('blocking-playlist-timeout', targetDuration));
        throw new ServiceUnavailableError(
          `Segment ${request.msn}${request.part === null ? '' : ` part ${request.part}`} did not appear in time.`,
        );
      }
    }
    // Rendered once per state: every request released by the same part shares the bytes.
    const playlist = rendered.get(
      `${c.req.param('name')}|${kind}|${decision.skip}`,
      stampOf(packager),
      () => {
        const snapshot = mediaPlaylistSnapshot(packager, kind);
        if (!snapshot) throw new ServiceUnavailableError('The stream is starting; no media yet.');
        return renderMediaPlaylist(snapshot, { skip: decision.skip });
      },
    );
    const blocking = query._HLS_msn !== undefined;
    return playlistResponse(
      c,
      playlist,
      cacheControlFor(blocking ? 'blocking-playlist' : 'playlist', targetDuration),
    );
  });

  app.get('/:name/:track{[a-z0-9-]{1,32}}/:run/:file{init(-\\d+)?\\.mp4|\\d+(\\.\\d+)?\\.m4s}', async (c) => {
    const packager = packagerOf(c.req.param('name'));
    const kind: TrackId = c.req.param('track');
    const timeline = packager.tracks[kind];
    const run = c.req.param('run');
    if (!timeline || run !== packager.runId)
      throw new NotFoundError('No such media (the stream may have restarted).');
    const file = c.req.param('file');
    const contentType = trackKindOf(kind) === 'video' ? 'video/mp4' : 'audio/mp4';
    const cacheControl = cacheControlFor('media', packager.targetDuration);
    const etag = `"${run}-${kind}-${file}"`;

    if (file.startsWith('init')) {
      // init.mp4 is version 0; a source that came back with other settings made init-<v>.mp4.
      const version = Number(/^init-(\d+)\.mp4$/.exec(file)?.[1] ?? 0);
      const init = timeline.initFor(version);
      if (!init) throw new NotFoundError('No such initialisation section (yet, or any more).');
      return mediaResponse(c, init.bytes, { contentType, etag, cacheControl });
    }

    const [msnText, partText] = file.replace('.m4s', '').split('.');
    const msn = Number(msnText);
    if (partText === undefined) {
      // A segment in progress streams as it grows (LL-DASH asks for it early); a request
      // for a byte range of it waits for the whole segment. Anything else unknown is 404.
      if (msn === timeline.currentMsn && !timeline.ended && !timeline.segment(msn)) {
        const ranged = c.req.header('range') !== undefined;
        // Wait for the segment to start (or, for a byte range, to complete).
        await hold(
          packager,
          kind,
          () => timeline.segment(msn) !== undefined || (!ranged && timeline.inProgress?.msn === msn),
          blockingReloadTimeoutMs(packager.targetDuration),
        );
        if (!ranged && timeline.inProgress?.msn === msn && !timeline.segment(msn)) {
          return c.body(
            segmentStream(timeline, msn, {
              timeoutMs: blockingReloadTimeoutMs(packager.targetDuration),
              onWaitingChange: options.onWaitingChange,
            }),
            200,
            { 'content-type': contentType, 'cache-control': cacheControl, etag },
          );
        }
      }
      const segment = timeline.segment(msn);
      if (!segment) throw new NotFoundError(`Segment ${msn} is not available.`);
      // A DVR segment past the memory bound is read back from disk.
      const bytes = segment.file ? await Bun.file(segment.file).bytes() : segment.bytes;
      return mediaResponse(c, bytes, { contentType, etag, cacheControl });
    }

    const index = Number(partText);
    const isNext = () => {
      // The preload hint, or a part just behind it: held until it exists (§6.2.6), within a bound.
      const state = blockingStateOf(timeline, packager.partTarget ?? 1);
      return (
        !state.ended &&
        ((msn === state.lastMsn && index <= state.lastPart + 3) || (msn === state.lastMsn + 1 && index === 0))
      );
    };
    if (!timeline.part(msn, index) && isNext()) {
      await hold(
        packager,
        kind,
        () => timeline.part(msn, index) !== undefined,
        blockingReloadTimeoutMs(packager.targetDuration),
      );
    }
    const part = timeline.part(msn, index);
    if (!part) throw new NotFoundError(`Part ${index} of segment ${msn} is not available.`);
    return mediaResponse(c, part.bytes, { contentType, etag, cacheControl });
  });

  return app;
}
