import { describe, expect, test } from 'bun:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringToMpdXml } from 'mpd-parser';
import { audioSet, contiguous, videoSet } from './mpd-round-trip.test-support.ts';
import type { AdaptationSetSnapshot, StaticMpdSnapshot } from './mpd-snapshot.ts';
import { InvalidMpdSnapshotError } from './mpd-snapshot-validation.ts';
import { renderStaticMpd } from './static-mpd.ts';

const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';
const TESTDATA = join(import.meta.dir, 'testdata');
const MANIFEST_URI = 'https://origin.example/vod/ast_0123456789ab/manifest.mpd';

/** A VOD adaptation set: media at `<track>/$Number$.m4s`, init `<track>/init-<v>.mp4`, no clock. */
function vod(set: AdaptationSetSnapshot, track: string, initVersion = 0): AdaptationSetSnapshot {
  return {
    ...set,
    producerReferenceTime: null,
    segmentTemplate: {
      ...set.segmentTemplate,
      initialization: `${track}/init-${initVersion}.mp4`,
      media: `${track}/$Number$.m4s`,
    },
  };
}

const cases: { name: string; snapshot: StaticMpdSnapshot }[] = [
  {
    // One session: 25 fps x264 at 12800, AAC 48 kHz; the audio runs 24 ms past the video.
    name: 'vod-one-period',
    snapshot: {
      maxSegmentDuration: 2,
      minBufferTime: 2,
      baseUrl: null,
      periods: [
        {
          id: 'p0',
          start: 0,
          adaptationSets: [
            vod(
              videoSet({ timescale: 12800, startNumber: 0, segments: contiguous(0, [25600, 25600, 12800]) }),
              'video',
            ),
            vod(
              audioSet({ timescale: 48000, startNumber: 0, segments: contiguous(0, [96256, 95232, 49664]) }),
              'audio',
            ),
          ],
        },
      ],
    },
  },
  {
    // A publisher came back with another resolution: a second period, a new init, media time from 0 again;
    // it starts where the first period's longest track ends (the time the publisher was away is not kept). The audio's media time at the period start
    // (presentationTimeOffset) is where the video began on the wall clock.
    name: 'vod-two-sessions',
    snapshot: {
      maxSegmentDuration: 2.04,
      minBufferTime: 2,
      baseUrl: null,
      periods: [
        {
          id: 'p0',
          start: 0,
          adaptationSets: [
            vod(
              videoSet({ timescale: 12800, startNumber: 0, segments: contiguous(0, [25600, 25600]) }),
              'video',
            ),
            vod(
              audioSet({ timescale: 48000, startNumber: 0, segments: contiguous(0, [96256, 95232]) }),
              'audio',
            ),
          ],
        },
        {
          id: 'p1',
          start: 4,
          adaptationSets: [
            vod(
              videoSet({
                timescale: 12800,
                startNumber: 2,
                segments: contiguous(0, [25600, 26112]),
                representation: { width: 640, height: 360 },
              }),
              'video',
              1,
            ),
            vod(
              audioSet({
                timescale: 48000,
                startNumber: 2,
                presentationTimeOffset: 1024,
                segments: contiguous(0, [97280, 97280]),
              }),
              'audio',
              1,
            ),
          ],
        },
      ],
    },
  },
];

describe('renderStaticMpd', () => {
  for (const { name, snapshot } of cases) {
    test(`${name}: golden text; mpd-parser reads every segment back at its place`, () => {
      const text = renderStaticMpd(snapshot);
      const goldenPath = join(TESTDATA, `${name}.mpd`);
      if (UPDATE_GOLDEN) writeFileSync(goldenPath, text);
      expect(text).toBe(readFileSync(goldenPath, 'utf8'));

      const mpd = stringToMpdXml(text);
      expect(mpd.getAttribute('type')).toBe('static');
      for (const attribute of ['availabilityStartTime', 'publishTime', 'minimumUpdatePeriod'])
        expect(mpd.hasAttribute(attribute)).toBe(false);

      const manifest = parse(text, { manifestUri: MANIFEST_URI });
      const audio = Object.values(manifest.mediaGroups.AUDIO).flatMap((group) =>
        Object.values(group).flatMap((rendition) => rendition.playlists),
      );
      for (const playlist of [...manifest.playlists, ...audio]) {
        const track = playlist.attributes.NAME;
        const expected = snapshot.periods.flatMap((period) =>
          period.adaptationSets
            .filter((set) => set.representations.some((r) => r.id === track))
            .flatMap(({ segmentTemplate: t }) =>
              t.segments.map((s, i) => ({
                uri: new URL(`${track}/${t.startNumber + i}.m4s`, MANIFEST_URI).href,
                duration: s.duration / t.timescale,
                at: period.start + (s.start - t.presentationTimeOffset) / t.timescale,
                map: new URL(t.initialization, MANIFEST_URI).href,
              })),
            ),
        );
        expect(playlist.segments.map((s) => s.resolvedUri)).toEqual(expected.map((e) => e.uri));
        expect(playlist.segments.map((s) => s.map?.resolvedUri)).toEqual(expected.map((e) => e.map));
        playlist.segments.forEach((segment, i) => {
          expect(segment.duration).toBeCloseTo(expected[i]?.duration ?? Number.NaN, 9);
          expect(segment.presentationTime).toBeCloseTo(expected[i]?.at ?? Number.NaN, 6);
        });
      }
    });
  }

  test('mediaPresentationDuration is the end of the last period; each period has its duration', () => {
    const mpd = stringToMpdXml(renderStaticMpd(cases[1]?.snapshot as StaticMpdSnapshot));
    // Period 0: video 51200 / 12800 = 4 s outlasts audio (191488 / 48000 = 3.989 s). Period 1: video
    // 51712 / 12800 = 4.04 s outlasts audio ((194560 - 1024) / 48000 = 4.032 s).
    const periods = Array.from(mpd.getElementsByTagName('Period'));
    expect(periods.map((p) => p.getAttribute('duration'))).toEqual(['PT4.000S', 'PT4.040S']);
    expect(mpd.getAttribute('mediaPresentationDuration')).toBe('PT8.040S');
  });

  test('refuses overlapping or gapped periods and live-only availability offsets', () => {
    const [first, second] = cases[1]?.snapshot.periods ?? [];
    if (!first || !second) throw new Error('case missing');
    const base = cases[1]?.snapshot as StaticMpdSnapshot;
    expect(() => renderStaticMpd({ ...base, periods: [first, { ...second, start: 3 }] })).toThrow(
      InvalidMpdSnapshotError,
    );
    expect(() => renderStaticMpd({ ...base, periods: [first, { ...second, start: 4.5 }] })).toThrow(
      /leaves a gap/,
    );
    const early = {
      ...first,
      adaptationSets: first.adaptationSets.map((set) => ({
        ...set,
        segmentTemplate: {
          ...set.segmentTemplate,
          availabilityTimeOffset: 1,
          availabilityTimeComplete: false,
        },
      })),
    };
    expect(() => renderStaticMpd({ ...base, periods: [early] })).toThrow(/availability offsets/);
    expect(() => renderStaticMpd({ ...base, periods: [] })).toThrow(/periods must not be empty/);
  });
});
