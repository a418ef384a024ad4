import { expect, test } from 'bun:test';
import { renderMpd } from './mpd.ts';
import { audioSet, expectMpdMatches, mpdSnapshot, videoSet } from './mpd-round-trip.test-support.ts';
import type { PeriodSnapshot } from './mpd-snapshot.ts';

// --- fuzz: random valid snapshots must render into MPDs mpd-parser reads back as written ----------

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

function randomTimeline(random: () => number, timescale: number) {
  const count = 1 + Math.floor(random() * 12);
  const nominal = Math.round(timescale * (0.5 + random() * 3));
  let at = Math.floor(random() * 1e6) * 10;
  return Array.from({ length: count }, () => {
    // Mostly equal segments (runs fold into @r), sometimes another length or a gap (explicit @t).
    const duration = random() < 0.7 ? nominal : 1 + Math.floor(random() * nominal * 2);
    if (random() < 0.1) at += 1 + Math.floor(random() * 1000);
    const segment = { start: at, duration };
    at += duration;
    return segment;
  });
}

test('500 random snapshots round-trip through mpd-parser', () => {
  const random = mulberry32(0x7d4e);
  for (let i = 0; i < 500; i++) {
    const periods: PeriodSnapshot[] = [];
    let start = random() * 10;
    const periodCount = 1 + Math.floor(random() * 3);
    let number = Math.floor(random() * 100_000);
    for (let p = 0; p < periodCount; p++) {
      const hasVideo = random() < 0.8;
      const hasAudio = !hasVideo || random() < 0.8;
      const videoSegments = randomTimeline(random, 90000);
      const audioSegments = randomTimeline(random, 48000);
      const lastVideo = (videoSegments.at(-1)?.duration ?? 1) / 90000;
      const lastAudio = (audioSegments.at(-1)?.duration ?? 1) / 48000;
      const ato = random() < 0.7 ? random() * Math.min(lastVideo, lastAudio) * 0.99 : 0;
      periods.push({
        id: `p${p}`,
        start: Math.round(start * 1000) / 1000,
        adaptationSets: [
          ...(hasVideo
            ? [
                videoSet({
                  timescale: 90000,
                  startNumber: number,
                  segments: videoSegments,
                  availabilityTimeOffset: ato,
                }),
              ]
            : []),
          ...(hasAudio
            ? [
                audioSet({
                  timescale: 48000,
                  startNumber: number,
                  segments: audioSegments,
                  availabilityTimeOffset: ato,
                }),
              ]
            : []),
        ],
      });
      number += Math.max(videoSegments.length, audioSegments.length);
      start += 1 + random() * 100;
    }
    const snapshot = mpdSnapshot(periods, { ended: random() < 0.1 });
    const text = renderMpd(snapshot);
    expect(text.endsWith('</MPD>\n')).toBe(true);
    expectMpdMatches(text, snapshot);
  }
});
