import { expect, test } from 'bun:test';
import { renderMpd } from './mpd.ts';
import { audioSet, contiguous, mpdSnapshot, videoSet } from './mpd-round-trip.test-support.ts';
import type { AdaptationSetSnapshot, MpdSnapshot, PeriodSnapshot } from './mpd-snapshot.ts';
import { InvalidMpdSnapshotError } from './mpd-snapshot-validation.ts';

const video = videoSet({
  timescale: 90000,
  startNumber: 5,
  segments: contiguous(0, [180000, 180000]),
  availabilityTimeOffset: 1.8,
});
const audio = audioSet({
  timescale: 48000,
  startNumber: 5,
  segments: contiguous(0, [96000, 96000]),
  availabilityTimeOffset: 1.8,
});
const good = mpdSnapshot([{ id: 'p0', start: 1, adaptationSets: [video, audio] }]);

const withPeriod = (change: Partial<PeriodSnapshot>): MpdSnapshot => ({
  ...good,
  periods: [{ ...(good.periods[0] as PeriodSnapshot), ...change }],
});
const withVideo = (change: (set: AdaptationSetSnapshot) => AdaptationSetSnapshot): MpdSnapshot =>
  withPeriod({ adaptationSets: [change(video), audio] });
const withTemplate = (change: Partial<AdaptationSetSnapshot['segmentTemplate']>) =>
  withVideo((set) => ({ ...set, segmentTemplate: { ...set.segmentTemplate, ...change } }));
const withRepresentation = (change: Record<string, unknown>) =>
  withVideo((set) => ({
    ...set,
    representations: [
      { ...(set.representations[0] as AdaptationSetSnapshot['representations'][0]), ...change },
    ],
  }));

// Each bad snapshot and the field its error must name.
const bad: [string, MpdSnapshot, string][] = [
  [
    'invalid availabilityStartTime',
    { ...good, availabilityStartTime: new Date(Number.NaN) },
    'availabilityStartTime',
  ],
  ['zero update period while live', { ...good, minimumUpdatePeriod: 0 }, 'minimumUpdatePeriod'],
  ['negative time shift buffer', { ...good, timeShiftBufferDepth: -1 }, 'timeShiftBufferDepth'],
  ['NaN max segment duration', { ...good, maxSegmentDuration: Number.NaN }, 'maxSegmentDuration'],
  [
    'latency target above max',
    {
      ...good,
      serviceDescription: {
        latency: { targetMs: 7000, minMs: 500, maxMs: 6000, referenceId: null },
        playbackRate: { min: 0.96, max: 1.04 },
      },
    },
    'serviceDescription.latency',
  ],
  [
    'playback rate that cannot slow down',
    {
      ...good,
      serviceDescription: {
        latency: { targetMs: 2000, minMs: 500, maxMs: 6000, referenceId: null },
        playbackRate: { min: 1.1, max: 1.2 },
      },
    },
    'serviceDescription.playbackRate',
  ],
  [
    'latency reference to a missing ProducerReferenceTime',
    {
      ...good,
      serviceDescription: {
        latency: { targetMs: 2000, minMs: 500, maxMs: 6000, referenceId: 0 },
        playbackRate: { min: 0.96, max: 1.04 },
      },
    },
    'periods[0].adaptationSets[0].producerReferenceTime',
  ],
  ['no clock', { ...good, utcTimings: [] }, 'utcTimings'],
  [
    'unknown clock scheme',
    { ...good, utcTimings: [{ scheme: 'ntp' as 'http-iso', url: 'pool.ntp.org' }] },
    'utcTimings[0].scheme',
  ],
  ['empty clock URL', { ...good, utcTimings: [{ scheme: 'http-iso', url: ' ' }] }, 'utcTimings[0].url'],
  ['empty BaseURL', { ...good, baseUrl: '' }, 'baseUrl'],
  ['no periods', { ...good, periods: [] }, 'periods'],
  ['empty period id', withPeriod({ id: '' }), 'periods[0].id'],
  ['negative period start', withPeriod({ start: -1 }), 'periods[0].start'],
  ['period without adaptation sets', withPeriod({ adaptationSets: [] }), 'periods[0].adaptationSets'],
  [
    'periods out of order',
    {
      ...good,
      periods: [
        good.periods[0] as PeriodSnapshot,
        { ...(good.periods[0] as PeriodSnapshot), id: 'p1', start: 0.5 },
      ],
    },
    'periods[1].start',
  ],
  [
    'duplicate period ids',
    {
      ...good,
      periods: [good.periods[0] as PeriodSnapshot, { ...(good.periods[0] as PeriodSnapshot), start: 9 }],
    },
    'periods[1].id',
  ],
  [
    'duplicate adaptation set ids',
    withPeriod({ adaptationSets: [video, { ...audio, id: 1 }] }),
    'periods[0].adaptationSets[1].id',
  ],
  [
    'duplicate representation ids',
    withPeriod({ adaptationSets: [video, { ...audio, representations: video.representations }] }),
    'periods[0].adaptationSets[1].representations',
  ],
  [
    'unknown content type',
    withVideo((set) => ({ ...set, contentType: 'text' as 'video' })),
    'periods[0].adaptationSets[0].contentType',
  ],
  [
    'bad MIME type',
    withVideo((set) => ({ ...set, mimeType: 'mp4' })),
    'periods[0].adaptationSets[0].mimeType',
  ],
  ['zero timescale', withTemplate({ timescale: 0 }), 'segmentTemplate.timescale'],
  [
    'fractional presentationTimeOffset',
    withTemplate({ presentationTimeOffset: 0.5 }),
    'segmentTemplate.presentationTimeOffset',
  ],
  ['media without $Number$', withTemplate({ media: 'video/run/$Time$.m4s' }), 'segmentTemplate.media'],
  [
    'unknown template identifier',
    withTemplate({ media: 'video/$Numbr$/$Number$.m4s' }),
    'segmentTemplate.media',
  ],
  ['stray dollar', withTemplate({ media: 'video/$Number$/cost$5.m4s' }), 'segmentTemplate.media'],
  [
    'init that varies per segment',
    withTemplate({ initialization: 'video/$Number$/init.mp4' }),
    'segmentTemplate.initialization',
  ],
  ['negative startNumber', withTemplate({ startNumber: -1 }), 'segmentTemplate.startNumber'],
  ['no segments', withTemplate({ segments: [] }), 'segmentTemplate.segments'],
  [
    'zero-length segment',
    withTemplate({ segments: [{ start: 0, duration: 0 }] }),
    'segmentTemplate.segments[0].duration',
  ],
  [
    'fractional segment start',
    withTemplate({ segments: [{ start: 0.5, duration: 10 }] }),
    'segmentTemplate.segments[0].start',
  ],
  [
    'overlapping segments',
    withTemplate({
      segments: [
        { start: 0, duration: 100 },
        { start: 50, duration: 100 },
      ],
    }),
    'segmentTemplate.segments[1].start',
  ],
  [
    'availabilityTimeOffset not below the last segment',
    withTemplate({ availabilityTimeOffset: 2 }),
    'segmentTemplate.availabilityTimeOffset',
  ],
  [
    'negative availabilityTimeOffset',
    withTemplate({ availabilityTimeOffset: -0.1 }),
    'segmentTemplate.availabilityTimeOffset',
  ],
  ['zero bandwidth', withRepresentation({ bandwidth: 0 }), 'representations[0].bandwidth'],
  ['empty codecs', withRepresentation({ codecs: '' }), 'representations[0].codecs'],
  ['representation id with a space', withRepresentation({ id: 'a b' }), 'representations[0].id'],
  ['fractional width', withRepresentation({ width: 1279.5 }), 'representations[0].width'],
  [
    'zero frame-rate denominator',
    withRepresentation({ frameRate: { numerator: 30, denominator: 0 } }),
    'representations[0].frameRate.denominator',
  ],
  [
    'bad ProducerReferenceTime date',
    withVideo((set) => ({
      ...set,
      producerReferenceTime: { id: 0, wallClockTime: new Date('nope'), presentationTime: 0 },
    })),
    'producerReferenceTime.wallClockTime',
  ],
];

for (const [name, snapshot, path] of bad) {
  test(`refused: ${name} (names ${path})`, () => {
    let error: unknown;
    try {
      renderMpd(snapshot);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidMpdSnapshotError);
    expect((error as InvalidMpdSnapshotError).path).toContain(path);
    expect((error as Error).message).toStartWith('invalid MPD snapshot: ');
  });
}

test('the valid base snapshot renders, and an ended one with a period ending before it starts does not', () => {
  expect(renderMpd(good)).toContain('<MPD');
  const late = {
    ...video,
    segmentTemplate: { ...video.segmentTemplate, presentationTimeOffset: 10_000_000 },
  };
  expect(() => renderMpd({ ...withPeriod({ adaptationSets: [late] }), ended: true })).toThrow(
    InvalidMpdSnapshotError,
  );
  expect(renderMpd({ ...good, ended: true, minimumUpdatePeriod: 0 })).not.toContain('minimumUpdatePeriod');
});
