import { getQueryParam } from 'hono/utils/url';
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
import type { TrackTimeline } from '../../packager/live/track-timeline.ts';
import type { CorsHeaders, CorsVariant } from './cors-headers.ts';
import type { HlsPath } from './hls-paths.ts';
import { MediaBodies } from './media-bodies.ts';
import { mediaResponse } from './media-response.ts';
import { PlaylistResponses } from './playlist-response.ts';
import { RenderedPlaylists } from './rendered-playlists.ts';
import { segmentStream } from './segment-stream.ts';
import type { ViewerTally } from './viewer-tally.ts';
import { viewerClientKey } from './viewer-tally-client.ts';

export interface HlsResponderOptions {
  live: Pick<LiveStreams, 'get'>;
  cors: CorsHeaders;
  /** Blocked requests right now (a gauge), for metrics. */
  onWaitingChange?: (delta: number) => void;
  /** Bytes of media kept as ready response bodies (media-bodies.ts); 32 MiB by default. */
  mediaBodyBytes?: number;
  /** Counts who polls the playlists (viewers per stream). */
  viewers?: Pick<ViewerTally, 'seen'>;
}

/** §6.2.5.2's 503 after blocking, with the Cache-Control App. B.1 gives a failed blocking reload. */
export class BlockingTimeoutError extends ServiceUnavailableError {
  constructor(
    detail: string,
    readonly cacheControl: string,
  ) {
    super(detail);
  }
}

const NOT_STARTED = 'The stream is starting; no media yet.';
// Immutable URLs: the same for every stream and target duration.
const MEDIA_CACHE_CONTROL = cacheControlFor('media', 0);

/**
 * Answers LL-HLS requests from memory (layout in packager/live/hls-snapshot.ts) with
 * whole Responses, without a web framework, so it can run for every one of thousands
 * of held viewers: playlists with blocking reload, delta updates and gzip; media
 * immutable with ETag and Range; the next part (the preload hint) held until it exists.
 * Problems are thrown as typed errors (defs/errors.ts) for the caller to render.
 *
 * The common cases answer synchronously and share their bytes: a rendered playlist per
 * stream state and request shape, a Blob per media object, a Headers set per kind.
 */
export class HlsResponder {
  readonly #options: HlsResponderOptions;
  /** Per packager (not per name): a restarted stream's versions start again at 0. */
  readonly #rendered = new WeakMap<LivePackager, RenderedPlaylists>();
  readonly #bodies: MediaBodies;
  readonly #playlists: PlaylistResponses;

  constructor(options: HlsResponderOptions) {
    this.#options = options;
    this.#bodies = new MediaBodies({ maxBytes: options.mediaBodyBytes });
    this.#playlists = new PlaylistResponses(options.cors);
  }

  /** `server`: what Bun.serve passed beside the request (the client's address, for the viewer tally). */
  answer(
    path: HlsPath,
    request: Request,
    variant: CorsVariant,
    server?: unknown,
  ): Response | Promise<Response> {
    if (path.kind === 'media')
      return this.media(path.name, path.track, path.run, path.file, request, variant);
    // One lookup serves the viewer tally and the answer.
    const packager = this.#packagerOf(path.name);
    if (this.#options.viewers) this.#countViewer(packager, path.name, request, server);
    if (path.kind === 'multivariant') return this.#multivariantFor(packager, request, variant);
    return this.#mediaPlaylistFor(packager, path.track, request, variant);
  }

  async multivariant(name: string, request: Request, variant: CorsVariant): Promise<Response> {
    return this.#multivariantFor(this.#packagerOf(name), request, variant);
  }

  async #multivariantFor(packager: LivePackager, request: Request, variant: CorsVariant): Promise<Response> {
    // A stream that is starting gets a short wait instead of an error: players start sooner.
    const ready = await this.#hold(
      packager,
      undefined,
      () => packager.partTarget !== undefined && Object.values(packager.tracks).some((t) => t.init),
      10_000,
    );
    if (!ready) throw new ServiceUnavailableError(NOT_STARTED);
    const playlist = this.#renderedOf(packager).get('multivariant', stampOf(packager), () => {
      const snapshot = multivariantSnapshot(packager);
      if (!snapshot) throw new ServiceUnavailableError(NOT_STARTED);
      return renderMultivariantPlaylist(snapshot);
    });
    return this.#playlists.respond(
      request,
      playlist,
      cacheControlFor('multivariant-playlist', packager.targetDuration),
      variant,
    );
  }

  /** video.m3u8, audio.m3u8, video-720p.m3u8...: `kind` is the file name without `.m3u8`. */
  mediaPlaylist(
    name: string,
    kind: TrackId,
    request: Request,
    variant: CorsVariant,
  ): Response | Promise<Response> {
    return this.#mediaPlaylistFor(this.#packagerOf(name), kind, request, variant);
  }

  #mediaPlaylistFor(
    packager: LivePackager,
    kind: TrackId,
    request: Request,
    variant: CorsVariant,
  ): Response | Promise<Response> {
    const timeline = packager.tracks[kind];
    if (!timeline) throw new NotFoundError(`This stream has no ${kind} track.`);
    // A cheap readiness test: it runs for every request; snapshots are built once per state.
    if (timeline.init === undefined || packager.partTarget === undefined) {
      return this.#hold(
        packager,
        kind,
        () => timeline.init !== undefined && packager.partTarget !== undefined,
        10_000,
      ).then((started) => {
        if (!started || packager.partTarget === undefined) throw new ServiceUnavailableError(NOT_STARTED);
        return this.#mediaPlaylistOf(packager, kind, timeline, request, variant);
      });
    }
    return this.#mediaPlaylistOf(packager, kind, timeline, request, variant);
  }

  #mediaPlaylistOf(
    packager: LivePackager,
    kind: TrackId,
    timeline: TrackTimeline,
    request: Request,
    variant: CorsVariant,
  ): Response | Promise<Response> {
    const partTarget = packager.partTarget as number;
    const targetDuration = packager.targetDuration;
    const url = request.url;
    const hasQuery = url.includes('?');
    const query = {
      _HLS_msn: hasQuery ? (getQueryParam(url, '_HLS_msn') as string | undefined) : undefined,
      _HLS_part: hasQuery ? (getQueryParam(url, '_HLS_part') as string | undefined) : undefined,
      _HLS_skip: hasQuery ? (getQueryParam(url, '_HLS_skip') as string | undefined) : undefined,
    };
    const decision = decideBlockingReload(query, blockingStateOf(timeline, partTarget));
    if (decision.kind === 'bad-request')
      throw new ValidationError(decision.reason, [{ path: 'query', message: decision.reason }]);
    const blocking = query._HLS_msn !== undefined;
    // Rendered once per state: every request released by the same part shares the bytes.
    const respond = () => {
      const playlist = this.#renderedOf(packager).get(`${kind}|${decision.skip}`, stampOf(packager), () => {
        const snapshot = mediaPlaylistSnapshot(packager, kind);
        if (!snapshot) throw new ServiceUnavailableError(NOT_STARTED);
        return renderMediaPlaylist(snapshot, { skip: decision.skip });
      });
      const cacheControl = cacheControlFor(blocking ? 'blocking-playlist' : 'playlist', targetDuration);
      return this.#playlists.respond(request, playlist, cacheControl, variant);
    };
    if (decision.kind !== 'wait') return respond();

    const wanted = { msn: decision.msn, part: decision.part };
    // §6.2.5.2: "If the Server cannot fulfill the request within three Target Durations, it SHOULD
    // return 503 (Service Unavailable)."
    return this.#hold(
      packager,
      kind,
      () => isSatisfied(wanted, blockingStateOf(timeline, partTarget)),
      blockingReloadTimeoutMs(targetDuration),
    ).then((met) => {
      if (!met) {
        throw new BlockingTimeoutError(
          `Segment ${wanted.msn}${wanted.part === null ? '' : ` part ${wanted.part}`} did not appear in time.`,
          cacheControlFor('blocking-playlist-timeout', targetDuration),
        );
      }
      return respond();
    });
  }

  /** `<track>/<run>/init.mp4`, `<msn>.m4s` or `<msn>.<part>.m4s`. */
  media(
    name: string,
    kind: TrackId,
    run: string,
    file: string,
    request: Request,
    variant: CorsVariant,
  ): Response | Promise<Response> {
    const packager = this.#packagerOf(name);
    const timeline = packager.tracks[kind];
    if (!timeline || run !== packager.runId)
      throw new NotFoundError('No such media (the stream may have restarted).');
    const headers = {
      contentType: trackKindOf(kind) === 'video' ? 'video/mp4' : 'audio/mp4',
      etag: `"${run}-${kind}-${file}"`,
      cacheControl: MEDIA_CACHE_CONTROL,
    };
    const cors = this.#options.cors;

    if (file.startsWith('init')) {
      // init.mp4 is version 0; a source that came back with other settings made init-<v>.mp4.
      const version = Number(/^init-(\d+)\.mp4$/.exec(file)?.[1] ?? 0);
      const init = timeline.initFor(version);
      if (!init) throw new NotFoundError('No such initialisation section (yet, or any more).');
      return mediaResponse(request, this.#bodies.of(init.bytes), headers, cors, variant);
    }

    const dot = file.indexOf('.');
    const msn = Number(file.slice(0, dot));
    const partEnd = file.indexOf('.', dot + 1);
    if (partEnd === -1) return this.#segment(packager, timeline, msn, request, headers, variant);

    const index = Number(file.slice(dot + 1, partEnd));
    const send = (): Response => {
      const part = timeline.part(msn, index);
      if (!part) throw new NotFoundError(`Part ${index} of segment ${msn} is not available.`);
      // A part of a complete segment is a view into it: served as a slice of the segment's body.
      const whole = timeline.inProgress?.msn === msn ? undefined : timeline.segment(msn)?.bytes;
      return mediaResponse(request, this.#bodies.of(part.bytes, whole), headers, cors, variant);
    };
    const isNext = () => {
      // The preload hint, or a part just behind it: held until it exists (§6.2.6), within a bound.
      const state = blockingStateOf(timeline, packager.partTarget ?? 1);
      return (
        !state.ended &&
        ((msn === state.lastMsn && index <= state.lastPart + 3) || (msn === state.lastMsn + 1 && index === 0))
      );
    };
    if (timeline.part(msn, index) || !isNext()) return send();
    return this.#hold(
      packager,
      kind,
      () => timeline.part(msn, index) !== undefined,
      blockingReloadTimeoutMs(packager.targetDuration),
    ).then(send);
  }

  async #segment(
    packager: LivePackager,
    timeline: TrackTimeline,
    msn: number,
    request: Request,
    headers: { contentType: string; etag: string; cacheControl: string },
    variant: CorsVariant,
  ): Promise<Response> {
    // A segment in progress streams as it grows (LL-DASH asks for it early); a request
    // for a byte range of it waits for the whole segment. The one after it is held until
    // it begins: a player a little ahead of our clock must not get a 404 and stall.
    // Anything else unknown is 404.
    const next = msn === timeline.currentMsn + 1 && timeline.inProgress !== undefined;
    if ((msn === timeline.currentMsn || next) && !timeline.ended && !timeline.segment(msn)) {
      const ranged = request.headers.get('range') !== null;
      // Wait for the segment to start (or, for a byte range, to complete).
      await this.#hold(
        packager,
        timeline,
        () => timeline.segment(msn) !== undefined || (!ranged && timeline.inProgress?.msn === msn),
        blockingReloadTimeoutMs(packager.targetDuration),
      );
      if (!ranged && timeline.inProgress?.msn === msn && !timeline.segment(msn)) {
        const streamed = new Headers({
          'content-type': headers.contentType,
          'cache-control': headers.cacheControl,
          etag: headers.etag,
        });
        this.#options.cors.apply(streamed, variant);
        const body = segmentStream(timeline, msn, {
          timeoutMs: blockingReloadTimeoutMs(packager.targetDuration),
          onWaitingChange: this.#options.onWaitingChange,
        });
        return new Response(body, { status: 200, headers: streamed });
      }
    }
    const segment = timeline.segment(msn);
    if (!segment) throw new NotFoundError(`Segment ${msn} is not available.`);
    // A DVR segment past the memory bound is read back from disk.
    const body = segment.file
      ? this.#bodies.once(await Bun.file(segment.file).bytes())
      : this.#bodies.of(segment.bytes);
    return mediaResponse(request, body, headers, this.#options.cors, variant);
  }

  /**
   * A viewer polls playlists; media requests are not looked at. A low-latency player asks
   * for every part (blocking reload): one of its requests in about a second per track is
   * enough to see it, and spares the others the tally (~2 µs, mostly Bun's address lookup).
   * The part number is read by hand: hono's getQueryParam costs ~0.3 µs more.
   */
  #countViewer(packager: LivePackager, name: string, request: Request, server: unknown): void {
    const url = request.url;
    const at = url.indexOf('_HLS_part=');
    const part = at === -1 ? 0 : Number.parseInt(url.slice(at + '_HLS_part='.length), 10);
    if (part % Math.max(1, Math.round(1 / (packager.partTarget ?? 1))) !== 0) return;
    this.#options.viewers?.seen('hls', name, viewerClientKey(request, server));
  }

  #packagerOf(name: string): LivePackager {
    const packager = this.#options.live.get(name);
    if (!packager) throw new NotFoundError(`No live stream named "${name}".`);
    return packager;
  }

  #renderedOf(packager: LivePackager): RenderedPlaylists {
    let rendered = this.#rendered.get(packager);
    if (!rendered) {
      rendered = new RenderedPlaylists();
      this.#rendered.set(packager, rendered);
    }
    return rendered;
  }

  /**
   * Holds a request until `ready()` (on one track's changes, or the first track's for the
   * whole stream), counting it as waiting while it is held. Resolves whether it is ready.
   */
  async #hold(
    packager: LivePackager,
    track: TrackId | TrackTimeline | undefined,
    ready: () => boolean,
    timeoutMs: number,
  ): Promise<boolean> {
    const timelines =
      track === undefined
        ? Object.values(packager.tracks)
        : [typeof track === 'string' ? packager.tracks[track] : track];
    const signal = timelines[0]?.changed;
    if (!signal) return ready();
    if (ready()) return true;
    // An ended stream will never satisfy anything: release at once (the caller re-checks
    // and answers), so no request waits out its timeout and shutdown is not held up.
    const ended = () => timelines.every((t) => t?.ended);
    const onWaitingChange = this.#options.onWaitingChange;
    onWaitingChange?.(1);
    try {
      return (await signal.waitUntil(() => ready() || ended(), timeoutMs)) && ready();
    } finally {
      onWaitingChange?.(-1);
    }
  }
}

/**
 * Everything a stream's playlists show changes only when one of its tracks changes, and
 * track versions only grow: their sum names the state (per packager).
 */
function stampOf(packager: LivePackager): number {
  let sum = 0;
  for (const id of packager.trackIds) sum += packager.tracks[id]?.version ?? 0;
  return sum;
}
