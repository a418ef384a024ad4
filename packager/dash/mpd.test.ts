import { describe, expect, test } from 'bun:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringToMpdXml } from 'mpd-parser';
import { renderMpd } from './mpd.ts';
import {
  audioSet,
  contiguous,
  EPOCH,
  expectMpdMatches,
  MANIFEST_URI,
  mpdSnapshot,
  videoSet,
} from './mpd-round-trip.test-support.ts';
import type { MpdSnapshot } from './mpd-snapshot.ts';

const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';
const TESTDATA = join(import.meta.dir, 'testdata');

const at = (seconds: number) => new Date(EPOCH.getTime() + seconds * 1000);

// --- the case table: one entry feeds the golden text and the mpd-parser round trip ------------------

interface MpdCase {
  readonly name: string;
  readonly snapshot: MpdSnapshot;
}

const cases: MpdCase[] = [
  {
    // 30 fps x264 at FFmpeg's 15360 timescale, AAC 48 kHz; 2 s segments, 0.2 s parts. The last S of
    // each track is the segment being made, listed with its expected duration.
    name: 'live-30fps',
    snapshot: mpdSnapshot(
      [
        {
          id: 'p0',
          start: 1.25,
          adaptationSets: [
            videoSet({
              timescale: 15360,
              startNumber: 100,
              segments: contiguous(100 * 30720, Array(7).fill(30720)),
              availabilityTimeOffset: 1.8,
              producedAt: at(1.25),
            }),
            audioSet({
              timescale: 48000,
              startNumber: 100,
              segments: contiguous(100 * 96000, Array(7).fill(96000)),
              availabilityTimeOffset: 1.8,
              producedAt: at(1.25),
            }),
          ],
        },
      ],
      {
        serviceDescription: {
          latency: { targetMs: 2000, minMs: 600, maxMs: 6000, referenceId: 0 },
          playbackRate: { min: 0.96, max: 1.04 },
        },
      },
    ),
  },
  {
    // NTSC passthrough: 30000/1001 fps, segments of 60 frames but one short GOP (30 frames), AAC
    // segments following the video cuts (so they differ by a frame or two).
    name: 'live-29.97fps',
    snapshot: mpdSnapshot([
      {
        id: 'p3',
        start: 0.734,
        adaptationSets: [
          videoSet({
            timescale: 30000,
            startNumber: 41,
            segments: contiguous(2_462_460, [60060, 60060, 30030, 60060, 60060, 60060]),
            availabilityTimeOffset: 1.8018,
            representation: { width: 1920, height: 1080, frameRate: { numerator: 30000, denominator: 1001 } },
          }),
          audioSet({
            timescale: 48000,
            startNumber: 41,
            segments: contiguous(3_939_840, [96256, 95232, 48128, 96256, 96256, 96256]),
            availabilityTimeOffset: 1.8018,
          }),
        ],
      },
    ]),
  },
  {
    name: 'audio-only',
    snapshot: mpdSnapshot(
      [
        {
          id: 'p0',
          start: 0.5,
          adaptationSets: [
            audioSet({
              timescale: 44100,
              startNumber: 0,
              segments: contiguous(0, [88064, 88064, 88064, 87040]),
              availabilityTimeOffset: 1.6,
              representation: {
                codecs: 'mp4a.40.5',
                audioSamplingRate: 44100,
                audioChannels: 1,
                bandwidth: 48_000,
              },
            }),
          ],
        },
      ],
      { baseUrl: null, suggestedPresentationDelay: null, timeShiftBufferDepth: 8 },
    ),
  },
  {
    // The source came back twice: media time restarts, so each session is its own period; the
    // second has another init (the publisher changed its settings) and a gap in its audio.
    name: 'discontinuities',
    snapshot: mpdSnapshot([
      {
        id: 'p0',
        start: 2,
        adaptationSets: [
          videoSet({ timescale: 90000, startNumber: 10, segments: contiguous(900_000, [180000, 180000]) }),
          audioSet({ timescale: 48000, startNumber: 10, segments: contiguous(480_000, [96000, 96000]) }),
        ],
      },
      {
        id: 'p1',
        start: 26.4,
        adaptationSets: [
          videoSet({
            timescale: 90000,
            startNumber: 12,
            segments: contiguous(3_000, [180000, 90000, 180000]),
            initialization: 'video/m5k2x1/init-1.mp4',
            representation: { width: 640, height: 360 },
          }),
          audioSet({
            timescale: 48000,
            startNumber: 12,
            segments: [...contiguous(0, [96000]), ...contiguous(97_024, [48000, 96000])],
          }),
        ],
      },
      {
        id: 'p2',
        start: 40.001,
        adaptationSets: [
          videoSet({
            timescale: 90000,
            startNumber: 15,
            segments: contiguous(0, [180000]),
            presentationTimeOffset: 45,
            availabilityTimeOffset: 1.5,
          }),
          audioSet({
            timescale: 48000,
            startNumber: 15,
            segments: contiguous(0, [96000]),
            presentationTimeOffset: 24,
            availabilityTimeOffset: 1.5,
          }),
        ],
      },
    ]),
  },
  {
    name: 'ended',
    snapshot: mpdSnapshot(
      [
        {
          id: 'p0',
          start: 1,
          adaptationSets: [
            videoSet({ timescale: 15360, startNumber: 7, segments: contiguous(0, [30720, 30720, 15360]) }),
            audioSet({ timescale: 48000, startNumber: 7, segments: contiguous(0, [96000, 96000, 49152]) }),
          ],
        },
      ],
      {
        ended: true,
        serviceDescription: null,
        utcTimings: [{ scheme: 'http-xsdate', url: '/time?format="xs"&v=1' }],
      },
    ),
  },
];

describe('renderMpd', () => {
  for (const mpdCase of cases) {
    test(`${mpdCase.name}: golden text, mpd-parser round trip`, () => {
      const text = renderMpd(mpdCase.snapshot);
      const goldenPath = join(TESTDATA, `${mpdCase.name}.mpd`);
      if (UPDATE_GOLDEN) writeFileSync(goldenPath, text);
      expect(text).toBe(readFileSync(goldenPath, 'utf8'));
      expectMpdMatches(text, mpdCase.snapshot);
    });
  }

  test('29.97 fps is written as the exact fraction, and mpd-parser reads it back', () => {
    const snapshot = cases.find((c) => c.name === 'live-29.97fps')?.snapshot as MpdSnapshot;
    const text = renderMpd(snapshot);
    expect(text).toContain('frameRate="30000/1001"');
    const video = parse(text, { manifestUri: MANIFEST_URI }).playlists[0];
    expect(video?.attributes['FRAME-RATE']).toBeCloseTo(29.97, 2);
  });

  test('runs of equal segments share one S; a gap restates S@t', () => {
    const snapshot = cases.find((c) => c.name === 'discontinuities')?.snapshot as MpdSnapshot;
    const text = renderMpd(snapshot);
    expect(text).toContain('<S t="3000" d="180000"/>\n          <S d="90000"/>\n          <S d="180000"/>');
    expect(text).toContain(
      '<S t="0" d="96000"/>\n          <S t="97024" d="48000"/>\n          <S d="96000"/>',
    );
    const live = renderMpd(cases[0]?.snapshot as MpdSnapshot);
    expect(live).toContain('<S t="3072000" d="30720" r="6"/>');
  });

  test('an ended stream drops minimumUpdatePeriod and gives its last period a duration', () => {
    const snapshot = cases.find((c) => c.name === 'ended')?.snapshot as MpdSnapshot;
    const mpd = stringToMpdXml(renderMpd(snapshot));
    expect(mpd.hasAttribute('minimumUpdatePeriod')).toBe(false);
    // Video: 5 s (76800 / 15360); audio: 241152 / 48000 = 5.024 s; the longer one bounds the period.
    expect(mpd.getElementsByTagName('Period')[0]?.getAttribute('duration')).toBe('PT5.024S');
    const live = stringToMpdXml(renderMpd({ ...snapshot, ended: false }));
    expect(live.getElementsByTagName('Period')[0]?.hasAttribute('duration')).toBe(false);
  });

  test('every attribute value is escaped', () => {
    const snapshot = mpdSnapshot(cases[0]?.snapshot.periods ?? [], {
      baseUrl: '../../hls/a<b>&"c\'/',
      utcTimings: [{ scheme: 'http-head', url: 'https://o.example/t?a=1&b="2"\n' }],
    });
    const text = renderMpd(snapshot);
    expect(text).toContain('<BaseURL>../../hls/a&lt;b&gt;&amp;&quot;c&apos;/</BaseURL>');
    expect(text).toContain('value="https://o.example/t?a=1&amp;b=&quot;2&quot;&#10;"');
    const mpd = stringToMpdXml(text);
    expect(mpd.getElementsByTagName('UTCTiming')[0]?.getAttribute('value')).toBe(
      'https://o.example/t?a=1&b="2"\n',
    );
    expect(mpd.getElementsByTagName('BaseURL')[0]?.textContent).toBe('../../hls/a<b>&"c\'/');
  });

  test('the same snapshot renders the same text', () => {
    for (const { snapshot } of cases) expect(renderMpd(snapshot)).toBe(renderMpd(structuredClone(snapshot)));
  });
});
