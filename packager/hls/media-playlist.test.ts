import { describe, expect, test } from 'bun:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import HLS from 'hls-parser';
import type { MediaPlaylist } from 'hls-parser/types';
import { skippedSegmentCount } from './delta-update.ts';
import { type MediaPlaylistRenderOptions, renderMediaPlaylist } from './media-playlist.ts';
import { buildSnapshot, expectPlaylistMatches, withSiblingReports } from './media-playlist-round-trip.ts';
import type { MediaPlaylistSnapshot } from './media-playlist-snapshot.ts';
import { playlistTail } from './playlist-tail.ts';

const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';
const TESTDATA = join(import.meta.dir, 'testdata');

const twoSecondSegment = [0.5, 0.5, 0.5, 0.46667];

// --- the case table: one entry feeds the golden text, the hls-parser round trip and invariants ------

interface PlaylistCase {
  readonly name: string;
  readonly snapshot: MediaPlaylistSnapshot;
  readonly options: MediaPlaylistRenderOptions;
  readonly skipped: number;
}

const rawCases: PlaylistCase[] = [
  {
    name: 'live-mid-segment',
    snapshot: buildSnapshot({
      firstMsn: 100,
      segmentParts: Array.from({ length: 8 }, () => twoSecondSegment),
      inProgressParts: [0.5, 0.5],
      partTarget: 0.5,
    }),
    options: {},
    skipped: 0,
  },
  {
    name: 'live-segment-just-closed',
    snapshot: buildSnapshot({
      firstMsn: 100,
      segmentParts: Array.from({ length: 7 }, () => twoSecondSegment),
      inProgressParts: [],
      partTarget: 0.5,
    }),
    options: {},
    skipped: 0,
  },
  {
    name: 'live-stream-start',
    snapshot: buildSnapshot({ firstMsn: 0, segmentParts: [], inProgressParts: [0.5], partTarget: 0.5 }),
    options: {},
    skipped: 0,
  },
  {
    name: 'live-discontinuities',
    snapshot: buildSnapshot({
      firstMsn: 40,
      segmentParts: Array.from({ length: 6 }, () => [1, 1, 0.5]),
      inProgressParts: [1],
      discontinuityAt: [42, 45, 46],
      partTarget: 1,
    }),
    options: {},
    skipped: 0,
  },
  {
    name: 'ended',
    snapshot: buildSnapshot({
      firstMsn: 7,
      segmentParts: Array.from({ length: 6 }, () => twoSecondSegment),
      inProgressParts: null,
      partTarget: 0.5,
      ended: true,
    }),
    options: { skip: 'YES' },
    skipped: 0,
  },
  {
    name: 'delta-skip-yes',
    snapshot: buildSnapshot({
      firstMsn: 200,
      segmentParts: Array.from({ length: 12 }, () => [0.5, 0.5, 0.5, 0.5]),
      inProgressParts: [0.5],
      discontinuityAt: [205],
      partTarget: 0.5,
    }),
    options: { skip: 'YES' },
    // Segments end at 2, 4, ... 24 s; those ending more than 12 s before 24 s are skipped: 2..10.
    skipped: 5,
  },
  {
    name: 'delta-skip-v2',
    snapshot: buildSnapshot({
      firstMsn: 200,
      segmentParts: Array.from({ length: 12 }, () => [0.5, 0.5, 0.5, 0.5]),
      inProgressParts: [0.5],
      discontinuityAt: [205],
      partTarget: 0.5,
    }),
    options: { skip: 'v2' },
    skipped: 5,
  },
  {
    name: 'delta-requested-but-short',
    snapshot: buildSnapshot({
      firstMsn: 3,
      segmentParts: Array.from({ length: 6 }, () => twoSecondSegment),
      inProgressParts: [0.5],
      partTarget: 0.5,
    }),
    options: { skip: 'YES' },
    skipped: 0,
  },
  {
    name: 'no-delta-updates',
    snapshot: buildSnapshot({
      firstMsn: 100,
      segmentParts: Array.from({ length: 12 }, () => twoSecondSegment),
      inProgressParts: [0.5, 0.5, 0.5],
      partTarget: 0.5,
      canSkipUntilTargetDurations: null,
    }),
    options: { skip: 'YES' },
    skipped: 0,
  },
];

const cases = rawCases.map((playlistCase) => ({
  ...playlistCase,
  snapshot:
    playlistCase.name.startsWith('live-') && playlistCase.name !== 'live-mid-segment'
      ? playlistCase.snapshot
      : withSiblingReports(playlistCase.snapshot),
}));

describe('renderMediaPlaylist', () => {
  for (const playlistCase of cases) {
    test(`${playlistCase.name}: golden text, hls-parser round trip`, () => {
      const text = renderMediaPlaylist(playlistCase.snapshot, playlistCase.options);
      const goldenPath = join(TESTDATA, `${playlistCase.name}.m3u8`);
      if (UPDATE_GOLDEN) writeFileSync(goldenPath, text);
      expect(text).toBe(readFileSync(goldenPath, 'utf8'));
      expect(skippedSegmentCount(playlistCase.snapshot, playlistCase.options.skip ?? null)).toBe(
        playlistCase.skipped,
      );
      expectPlaylistMatches(text, playlistCase.snapshot, playlistCase.skipped);
    });
  }

  test('a v2 delta update is the YES delta update: there are no date ranges to skip', () => {
    const snapshot = cases.find((c) => c.name === 'delta-skip-yes')?.snapshot;
    if (snapshot === undefined) throw new Error('case missing');
    expect(renderMediaPlaylist(snapshot, { skip: 'v2' })).toBe(
      renderMediaPlaylist(snapshot, { skip: 'YES' }),
    );
  });

  test('delta update drops exactly the oldest segments past the skip boundary', () => {
    const snapshot = buildSnapshot({
      firstMsn: 10,
      segmentParts: Array.from({ length: 20 }, () => [1]),
      inProgressParts: [],
      partTarget: 1,
    });
    // TD 1 s, CAN-SKIP-UNTIL 6 s, last end 20 s: segments ending before 14 s (msn 10..22) go.
    const text = renderMediaPlaylist(snapshot, { skip: 'YES' });
    expect(text).toContain('#EXT-X-SKIP:SKIPPED-SEGMENTS=13\n');
    expect(text).not.toContain('segment-22.m4s');
    expect(text).toContain('#EXTINF:1.00000,\nsegment-23.m4s');
    const parsed = HLS.parse(text) as MediaPlaylist;
    expect(parsed.segments.map((segment) => segment.mediaSequenceNumber)).toEqual(
      Array.from({ length: 7 }, (_, index) => 23 + index).concat([30]),
    );
    // The skip tag sits after the header and before the first remaining segment.
    expect(text.indexOf('#EXT-X-SKIP')).toBeGreaterThan(text.indexOf('#EXT-X-MAP'));
    expect(text.indexOf('#EXT-X-SKIP')).toBeLessThan(text.indexOf('#EXT-X-PROGRAM-DATE-TIME'));
  });

  test('parts are listed only near the live edge', () => {
    const snapshot = cases[0]?.snapshot;
    if (snapshot === undefined) throw new Error('case missing');
    const text = renderMediaPlaylist(snapshot);
    // Two complete segments (106, 107) and the in-progress one (108) keep their parts.
    expect(text).not.toContain('part-105.');
    expect(text).toContain('part-106.0.m4s');
    expect(text).toContain('part-108.1.m4s');
    // A narrower window keeps fewer: 107 starts 2.97 s before the end, 106 4.93 s.
    const narrow = renderMediaPlaylist(snapshot, { partWindow: 3 });
    expect(narrow).not.toContain('part-106.');
    expect(narrow).toContain('part-107.0.m4s');
  });

  test('rejects a snapshot whose MSNs are not consecutive', () => {
    const snapshot = buildSnapshot({
      firstMsn: 5,
      segmentParts: [[1], [1]],
      inProgressParts: [],
      partTarget: 1,
    });
    expect(() => renderMediaPlaylist({ ...snapshot, firstMsn: 4 })).toThrow(RangeError);
  });

  test('playlistTail reports the in-progress segment once it has a part', () => {
    const [mid, closed, start] = cases;
    expect(mid && playlistTail(mid.snapshot)).toEqual({ lastMsn: 108, lastPart: 1 });
    expect(closed && playlistTail(closed.snapshot)).toEqual({ lastMsn: 106, lastPart: 3 });
    expect(start && playlistTail(start.snapshot)).toEqual({ lastMsn: 0, lastPart: 0 });
  });
});

describe('EXT-X-MAP changes (a source that came back with other settings)', () => {
  const withNewMap = () => {
    const base = buildSnapshot({
      firstMsn: 0,
      segmentParts: [[1], [1], [1], [1]],
      inProgressParts: [1],
      partTarget: 1,
    });
    const segments = base.segments.map((s, i) =>
      i >= 2 ? { ...s, discontinuity: i === 2, mapUri: 'init-1.mp4' } : s,
    );
    return {
      ...base,
      mapUri: 'init.mp4',
      segments,
      inProgress: base.inProgress && { ...base.inProgress, mapUri: 'init-1.mp4' },
    };
  };

  test('a new EXT-X-MAP follows the discontinuity, once, and hls-parser gives each segment its map', () => {
    const text = renderMediaPlaylist(withNewMap());
    expect(text.match(/#EXT-X-MAP/g)).toHaveLength(2);
    expect(text).toContain('#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI="init-1.mp4"\n#EXT-X-PROGRAM-DATE-TIME');
    const parsed = HLS.parse(text) as MediaPlaylist;
    // hls-parser gives no map to the parts-only in-progress segment: compare the complete ones.
    expect(parsed.segments.slice(0, 4).map((s) => s.map?.uri)).toEqual([
      'init.mp4',
      'init.mp4',
      'init-1.mp4',
      'init-1.mp4',
    ]);
  });

  test('a delta update that skips the change still names the map in force', () => {
    const snapshot = withNewMap();
    const many = buildSnapshot({
      firstMsn: 0,
      segmentParts: Array.from({ length: 12 }, () => [1]),
      inProgressParts: [],
      partTarget: 1,
    });
    const segments = many.segments.map((s, i) =>
      i === 1 ? { ...s, discontinuity: true, mapUri: 'init-1.mp4' } : s,
    );
    const text = renderMediaPlaylist({ ...many, mapUri: 'init.mp4', segments }, { skip: 'YES' });
    expect(text).toContain('#EXT-X-SKIP');
    const afterSkip = text.slice(text.indexOf('#EXT-X-SKIP'));
    expect(afterSkip).toContain('#EXT-X-MAP:URI="init-1.mp4"');
    expect(renderMediaPlaylist(snapshot)).toContain('init.mp4');
  });
});
