import { describe, expect, test } from 'bun:test';
import {
  advancePartLimit,
  type BlockingReloadQuery,
  type BlockingReloadState,
  blockingReloadTimeoutMs,
  cacheControlFor,
  decideBlockingReload,
  isSatisfied,
} from './blocking-reload.ts';

// Segment 20 is being built and has parts 0..2; segment 19 (the last complete one) had 4 parts.
const live: BlockingReloadState = {
  lastMsn: 20,
  lastPart: 2,
  previousSegmentPartCount: 4,
  partTarget: 0.5,
  ended: false,
};
// Segment 19 just closed: segment 20 has no part yet.
const justClosed: BlockingReloadState = { ...live, lastPart: -1 };

const cases: ReadonlyArray<{
  name: string;
  query: BlockingReloadQuery;
  state: BlockingReloadState;
  kind: 'serve-now' | 'wait' | 'bad-request';
}> = [
  { name: 'no directives', query: {}, state: live, kind: 'serve-now' },
  { name: 'skip only', query: { _HLS_skip: 'YES' }, state: live, kind: 'serve-now' },
  { name: 'part without msn', query: { _HLS_part: '1' }, state: live, kind: 'bad-request' },
  { name: 'msn not an integer', query: { _HLS_msn: '20.5' }, state: live, kind: 'bad-request' },
  { name: 'msn negative', query: { _HLS_msn: '-1' }, state: live, kind: 'bad-request' },
  { name: 'msn empty', query: { _HLS_msn: '' }, state: live, kind: 'bad-request' },
  { name: 'msn beyond 2^53', query: { _HLS_msn: '99999999999999999999' }, state: live, kind: 'bad-request' },
  {
    name: 'part not an integer',
    query: { _HLS_msn: '20', _HLS_part: 'x' },
    state: live,
    kind: 'bad-request',
  },
  { name: 'part negative', query: { _HLS_msn: '20', _HLS_part: '-2' }, state: live, kind: 'bad-request' },
  { name: 'msn = last + 2 waits', query: { _HLS_msn: '22' }, state: live, kind: 'wait' },
  { name: 'msn = last + 3 is refused', query: { _HLS_msn: '23' }, state: live, kind: 'bad-request' },
  // With no part of 20 yet, the last Media Segment listed is 19: 21 is the furthest allowed.
  {
    name: 'msn past last listed + 2 after a close',
    query: { _HLS_msn: '22' },
    state: justClosed,
    kind: 'bad-request',
  },
  {
    name: 'existing part serves now',
    query: { _HLS_msn: '20', _HLS_part: '2' },
    state: live,
    kind: 'serve-now',
  },
  { name: 'next part waits', query: { _HLS_msn: '20', _HLS_part: '3' }, state: live, kind: 'wait' },
  // PART-TARGET 0.5 s: the Advance Part Limit is 3 / 0.5 = 6 parts past part 2.
  {
    name: 'part at the advance limit waits',
    query: { _HLS_msn: '20', _HLS_part: '8' },
    state: live,
    kind: 'wait',
  },
  {
    name: 'part past the advance limit',
    query: { _HLS_msn: '20', _HLS_part: '9' },
    state: live,
    kind: 'bad-request',
  },
  {
    name: 'next segment part within limit',
    query: { _HLS_msn: '21', _HLS_part: '5' },
    state: live,
    kind: 'wait',
  },
  {
    name: 'next segment part past limit',
    query: { _HLS_msn: '21', _HLS_part: '6' },
    state: live,
    kind: 'bad-request',
  },
  { name: 'complete segment serves now', query: { _HLS_msn: '19' }, state: live, kind: 'serve-now' },
  { name: 'in-progress segment waits for its end', query: { _HLS_msn: '20' }, state: live, kind: 'wait' },
  {
    name: 'old segment no longer listed serves now',
    query: { _HLS_msn: '3', _HLS_part: '0' },
    state: live,
    kind: 'serve-now',
  },
  {
    name: 'part past the end of 19 is part 0 of 20 (exists)',
    query: { _HLS_msn: '19', _HLS_part: '4' },
    state: live,
    kind: 'serve-now',
  },
  {
    name: 'part past the end of 19 is part 0 of 20 (not yet)',
    query: { _HLS_msn: '19', _HLS_part: '9' },
    state: justClosed,
    kind: 'wait',
  },
  {
    name: 'ended ignores everything',
    query: { _HLS_msn: '999', _HLS_part: 'x' },
    state: { ...live, ended: true },
    kind: 'serve-now',
  },
  {
    name: 'ended ignores part without msn',
    query: { _HLS_part: '1' },
    state: { ...live, ended: true },
    kind: 'serve-now',
  },
];

describe('decideBlockingReload', () => {
  for (const c of cases) {
    test(c.name, () => {
      expect(decideBlockingReload(c.query, c.state).kind).toBe(c.kind);
    });
  }

  test('wait carries the parsed request and the skip directive; ended drops skip', () => {
    expect(decideBlockingReload({ _HLS_msn: '20', _HLS_part: '3', _HLS_skip: 'v2' }, live)).toEqual({
      kind: 'wait',
      msn: 20,
      part: 3,
      skip: 'v2',
    });
    expect(decideBlockingReload({ _HLS_skip: 'maybe' }, live)).toEqual({ kind: 'serve-now', skip: null });
    expect(decideBlockingReload({ _HLS_skip: 'YES' }, { ...live, ended: true })).toEqual({
      kind: 'serve-now',
      skip: null,
    });
  });

  test('a bad request says why', () => {
    const decision = decideBlockingReload({ _HLS_part: '1' }, live);
    expect(decision).toEqual({ kind: 'bad-request', reason: '_HLS_part requires _HLS_msn' });
  });
});

describe('isSatisfied', () => {
  test('a waiting part request is met when the part lands, then stays met', () => {
    const request = { msn: 20, part: 3 };
    expect(isSatisfied(request, live)).toBe(false);
    expect(isSatisfied(request, { ...live, lastPart: 3 })).toBe(true);
    expect(isSatisfied(request, { ...live, lastMsn: 21, lastPart: -1, previousSegmentPartCount: 5 })).toBe(
      true,
    );
  });

  test('a part index past the last part of its segment means part 0 of the next', () => {
    const request = { msn: 20, part: 4 };
    // Segment 20 closes with 4 parts (0..3): the request now waits for part 0 of 21.
    const closed = { ...live, lastMsn: 21, lastPart: -1, previousSegmentPartCount: 4 };
    expect(isSatisfied(request, closed)).toBe(false);
    expect(isSatisfied(request, { ...closed, lastPart: 0 })).toBe(true);
    // Had it closed with 5 parts, part 4 exists.
    expect(isSatisfied(request, { ...closed, previousSegmentPartCount: 5 })).toBe(true);
  });

  test('an msn-only request is met when that segment is complete', () => {
    expect(isSatisfied({ msn: 20, part: null }, live)).toBe(false);
    expect(isSatisfied({ msn: 20, part: null }, { ...live, lastMsn: 21, lastPart: -1 })).toBe(true);
  });

  test('everything is met once the stream ended', () => {
    expect(isSatisfied({ msn: 40, part: 0 }, { ...live, ended: true })).toBe(true);
  });
});

describe('delivery timing and caching', () => {
  test('the Advance Part Limit is 3 parts, or 3 seconds of parts below 1 s', () => {
    expect(advancePartLimit(2)).toBe(3);
    expect(advancePartLimit(1)).toBe(3);
    expect(advancePartLimit(0.5)).toBe(6);
    expect(advancePartLimit(0.2)).toBeCloseTo(15, 9);
  });

  test('a blocked request gives up after three target durations', () => {
    expect(blockingReloadTimeoutMs(2)).toBe(6000);
  });

  test('cache-control per resource kind', () => {
    expect(cacheControlFor('blocking-playlist', 2)).toBe('public, max-age=12');
    expect(cacheControlFor('blocking-playlist-timeout', 2)).toBe('public, max-age=8');
    expect(cacheControlFor('playlist', 2)).toBe('public, max-age=1');
    expect(cacheControlFor('playlist', 1)).toBe('public, max-age=0');
    expect(cacheControlFor('media', 2)).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('multivariant-playlist', 2)).toBe('public, max-age=5');
    expect(cacheControlFor('error', 2)).toBe('no-store');
  });
});
