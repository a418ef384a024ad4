import { expect, test } from 'bun:test';
import { type SkipDirective, skippedSegmentCount } from './delta-update.ts';
import { renderMediaPlaylist } from './media-playlist.ts';
import { buildSnapshot, expectPlaylistMatches, type LiveShape, round5 } from './media-playlist-round-trip.ts';

// --- fuzz: random valid snapshots must render into playlists hls-parser accepts --------------------

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomShape(random: () => number): { shape: LiveShape; skip: SkipDirective } {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const partTarget = pick([0.2, 0.25, 0.33334, 0.5, 1, 1.5]);
  const partsPerSegment = 1 + Math.floor(random() * 6);
  // Every part but a segment's last lasts 85-100 % of PART-TARGET (§4.4.4.9); the last is anything.
  const segmentPartsFor = (count: number) =>
    Array.from({ length: count }, (_, index) =>
      round5(
        index < count - 1 ? partTarget * (0.85 + 0.15 * random()) : partTarget * (0.05 + 0.95 * random()),
      ),
    );
  const segmentCount = Math.floor(random() * 16);
  const ended = segmentCount > 0 && random() < 0.15;
  const inProgressCount = Math.floor(random() * partsPerSegment);
  const firstMsn = Math.floor(random() * 100_000);
  const shape: LiveShape = {
    firstMsn,
    segmentParts: Array.from({ length: segmentCount }, () => segmentPartsFor(partsPerSegment)),
    inProgressParts: ended ? null : segmentPartsFor(partsPerSegment).slice(0, inProgressCount),
    discontinuityAt: Array.from({ length: segmentCount + 1 }, (_, index) => firstMsn + index).filter(
      () => random() < 0.1,
    ),
    partTarget,
    canSkipUntilTargetDurations: random() < 0.2 ? null : pick([6, 7, 12]),
    ended,
    renditionReports: Array.from({ length: Math.floor(random() * 3) }, (_, index) => ({
      uri: `../r${index}/index.m3u8`,
      lastMsn: firstMsn + segmentCount,
      lastPart: random() < 0.2 ? null : Math.floor(random() * partsPerSegment),
    })),
  };
  return { shape, skip: pick<SkipDirective>(['YES', 'v2', null]) };
}

test('fuzz: random live snapshots render into valid playlists', () => {
  const random = mulberry32(0x7de5a7e4);
  for (let iteration = 0; iteration < 500; iteration += 1) {
    const { shape, skip } = randomShape(random);
    const snapshot = buildSnapshot(shape);
    const text = renderMediaPlaylist(snapshot, { skip });
    const skipped = skippedSegmentCount(snapshot, skip);
    try {
      expectPlaylistMatches(text, snapshot, skipped);
    } catch (error) {
      throw new Error(`iteration ${iteration} failed:\n${text}\n${String(error)}`);
    }

    // The skipped segments are the oldest ones beyond the boundary, and only those.
    if (skipped > 0 && snapshot.canSkipUntil !== null) {
      const ends = snapshot.segments.map((_, index) =>
        snapshot.segments.slice(0, index + 1).reduce((sum, segment) => sum + segment.duration, 0),
      );
      const lastEnd = ends.at(-1) ?? 0;
      expect(lastEnd - (ends[skipped - 1] ?? 0)).toBeGreaterThan(snapshot.canSkipUntil - 1e-6);
      expect(lastEnd - (ends[skipped] ?? lastEnd)).toBeLessThanOrEqual(snapshot.canSkipUntil + 1e-6);
    }
  }
});
