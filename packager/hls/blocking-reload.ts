import { parseSkipDirective, type SkipDirective } from './delta-update.ts';

// Delivery rules of draft-pantos-hls-rfc8216bis §6.2.5.2 (Blocking Playlist Reload) and the caching
// advice of App. B.1, as pure decisions. The HTTP layer does the waiting, the timer and the headers.

/** Raw query values as they arrive (`c.req.query()`); absent is `undefined` or `null`. */
export interface BlockingReloadQuery {
  readonly _HLS_msn?: string | null;
  readonly _HLS_part?: string | null;
  readonly _HLS_skip?: string | null;
}

/** Where the rendition stands now. */
export interface BlockingReloadState {
  /** MSN of the segment being built (one past the last complete segment). */
  readonly lastMsn: number;
  /** Index of the last complete part of segment `lastMsn`; -1 when it has none yet. */
  readonly lastPart: number;
  /** Number of parts of segment `lastMsn - 1`, the last complete one (0 when there is none). */
  readonly previousSegmentPartCount: number;
  /** PART-TARGET in seconds. */
  readonly partTarget: number;
  /** The playlist has EXT-X-ENDLIST. */
  readonly ended: boolean;
}

/** A parsed blocking request: `part` is `null` when only `_HLS_msn` was given. */
export interface BlockingReloadRequest {
  readonly msn: number;
  readonly part: number | null;
}

export type BlockingReloadDecision =
  | { readonly kind: 'serve-now'; readonly skip: SkipDirective }
  | {
      readonly kind: 'wait';
      readonly msn: number;
      readonly part: number | null;
      readonly skip: SkipDirective;
    }
  | { readonly kind: 'bad-request'; readonly reason: string };

// §4.2: "decimal-integer: an unquoted string of characters from the set [0..9]".
const DECIMAL_INTEGER = /^[0-9]+$/;

function parseDecimalInteger(raw: string): number | null {
  if (!DECIMAL_INTEGER.test(raw)) return null;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : null;
}

export function decideBlockingReload(
  query: BlockingReloadQuery,
  state: BlockingReloadState,
): BlockingReloadDecision {
  // §6.2.5.2: "A Server MUST ignore _HLS_msn and _HLS_part if the Playlist contains an EXT-X-ENDLIST
  // tag." §6.2.5.1: it "MUST ignore the _HLS_skip directive if ... it contains an EXT-X-ENDLIST tag."
  if (state.ended) return { kind: 'serve-now', skip: null };

  const skip = parseSkipDirective(query._HLS_skip);
  const rawMsn = query._HLS_msn ?? null;
  const rawPart = query._HLS_part ?? null;

  // §6.2.5.2: "If the Playlist URI contains an _HLS_part directive but no _HLS_msn directive, the
  // Server MUST return Bad Request, such as HTTP 400."
  if (rawMsn === null) {
    return rawPart === null
      ? { kind: 'serve-now', skip }
      : { kind: 'bad-request', reason: '_HLS_part requires _HLS_msn' };
  }

  const msn = parseDecimalInteger(rawMsn);
  if (msn === null) return { kind: 'bad-request', reason: `_HLS_msn is not a decimal-integer: ${rawMsn}` };
  const part = rawPart === null ? null : parseDecimalInteger(rawPart);
  if (rawPart !== null && part === null) {
    return { kind: 'bad-request', reason: `_HLS_part is not a decimal-integer: ${rawPart}` };
  }

  // §6.2.5.2: "If the _HLS_msn is greater than the Media Sequence Number of the last Media Segment in
  // the current Playlist plus two, or if the _HLS_part exceeds the last Partial Segment in the current
  // Playlist by the Advance Part Limit, then the server SHOULD immediately return Bad Request, such as
  // HTTP 400." The last Media Segment counts one that so far has only parts, as LAST-MSN does in the
  // spec's own examples.
  const lastListedMsn = state.lastPart >= 0 ? state.lastMsn : state.lastMsn - 1;
  if (msn > lastListedMsn + 2) {
    return { kind: 'bad-request', reason: `_HLS_msn ${msn} is more than two past ${lastListedMsn}` };
  }
  const limit = advancePartLimit(state.partTarget);
  if (part !== null && partsAhead({ msn, part }, state) > limit) {
    return {
      kind: 'bad-request',
      reason: `_HLS_part ${part} of ${msn} is beyond the advance limit ${limit}`,
    };
  }

  const request = { msn, part };
  return isSatisfied(request, state) ? { kind: 'serve-now', skip } : { kind: 'wait', msn, part, skip };
}

// §6.2.5.2: "The Advance Part Limit is three divided by the Part Target Duration if the Part Target
// Duration is less than one second, or three otherwise." (about three seconds of parts)
export function advancePartLimit(partTarget: number): number {
  return partTarget < 1 ? 3 / partTarget : 3;
}

// How many parts past the last published one the request points; a lower bound when it names a
// segment after the in-progress one, whose remaining part count nobody knows yet.
function partsAhead(request: { msn: number; part: number }, state: BlockingReloadState): number {
  if (request.msn < state.lastMsn) return isSatisfied(request, state) ? 0 : 1;
  if (request.msn === state.lastMsn) return request.part - state.lastPart;
  const segmentsBetween = request.msn - state.lastMsn - 1;
  const unfinishedCurrent = state.lastPart < 0 ? 1 : 0;
  return unfinishedCurrent + segmentsBetween + request.part + 1;
}

/** Whether the playlist now holds what the request waits for; call again whenever a part lands. */
export function isSatisfied(request: BlockingReloadRequest, state: BlockingReloadState): boolean {
  if (state.ended) return true;
  // §6.2.5.2: with _HLS_msn alone the Server defers "until the Playlist contains a Media Segment with
  // a Media Sequence Number of M or later": segment M must be complete.
  if (request.part === null) return request.msn < state.lastMsn;
  // §6.2.5.2: "If the Client requests a Part Index greater than that of the final Partial Segment of
  // the Parent Segment, the Server MUST treat the request as one for Part Index 0 of the following
  // Parent Segment." Only the last complete segment can be in that position and still be unmet.
  if (request.msn === state.lastMsn - 1 && request.part >= state.previousSegmentPartCount) {
    return state.lastPart >= 0;
  }
  if (request.msn < state.lastMsn) return true;
  return request.msn === state.lastMsn && request.part <= state.lastPart;
}

// §6.2.5.2: "A Server that cannot provide the requested Playlist after blocking for more than three
// Target Durations SHOULD return Service Unavailable, such as HTTP 503."
export function blockingReloadTimeoutMs(targetDuration: number): number {
  return 3 * targetDuration * 1000;
}

/** What is being served, for its Cache-Control header. */
export type CachedResource =
  | 'blocking-playlist'
  | 'blocking-playlist-timeout'
  | 'playlist'
  | 'media'
  | 'multivariant-playlist'
  | 'error';

export const IMMUTABLE_MAX_AGE_SECONDS = 31_536_000;
export const MULTIVARIANT_MAX_AGE_SECONDS = 5;

// App. B.1 caching table, as summarised in LOW-LATENCY.md: a successful blocking playlist response may
// be cached for 6 target durations (its URL names the MSN/part, so it never changes), a failed one
// (503) for 4, a non-blocking playlist for half a target duration; parts, segments and the init
// section have immutable URLs. max-age is whole seconds, so the half is rounded down: never staler
// than the advice. The multivariant playlist changes only when the ladder does.
export function cacheControlFor(kind: CachedResource, targetDuration: number): string {
  switch (kind) {
    case 'blocking-playlist':
      return `public, max-age=${6 * targetDuration}`;
    case 'blocking-playlist-timeout':
      return `public, max-age=${4 * targetDuration}`;
    case 'playlist':
      return `public, max-age=${Math.floor(targetDuration / 2)}`;
    case 'media':
      return `public, max-age=${IMMUTABLE_MAX_AGE_SECONDS}, immutable`;
    case 'multivariant-playlist':
      return `public, max-age=${MULTIVARIANT_MAX_AGE_SECONDS}`;
    case 'error':
      return 'no-store';
  }
}
