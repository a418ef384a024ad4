// Test support for the MPD writer: snapshot builders on a fake clock, and the round trip through
// mpd-parser (videojs) shared by the case table, the fuzz loop and dash-snapshot's tests.
import { expect } from 'bun:test';
import { type ParsedPlaylist, parse, stringToMpdXml } from 'mpd-parser';
import type {
  AdaptationSetSnapshot,
  MpdSnapshot,
  PeriodSnapshot,
  RepresentationSnapshot,
  SegmentTemplateSnapshot,
} from './mpd-snapshot.ts';

export const EPOCH = new Date(Date.UTC(2025, 0, 1, 12, 0, 0));
export const MANIFEST_URI = 'https://origin.example/dash/demo/manifest.mpd';

// --- builders -------------------------------------------------------------------------------------

/** Back-to-back segments of the given durations (timescale units) from `start`. */
export function contiguous(start: number, durations: readonly number[]) {
  let at = start;
  return durations.map((duration) => {
    const segment = { start: at, duration };
    at += duration;
    return segment;
  });
}

export interface TrackShape {
  readonly timescale: number;
  readonly startNumber: number;
  readonly segments: SegmentTemplateSnapshot['segments'];
  readonly run?: string;
  readonly availabilityTimeOffset?: number;
  readonly presentationTimeOffset?: number;
  readonly initialization?: string;
  readonly representation?: Partial<RepresentationSnapshot>;
  /** Wall-clock time of media time 0 (a ProducerReferenceTime), or none. */
  readonly producedAt?: Date | null;
}

function template(kind: 'video' | 'audio', shape: TrackShape): SegmentTemplateSnapshot {
  const run = shape.run ?? 'm5k2x1';
  return {
    timescale: shape.timescale,
    presentationTimeOffset: shape.presentationTimeOffset ?? 0,
    initialization: shape.initialization ?? `${kind}/${run}/init.mp4`,
    media: `${kind}/${run}/$Number$.m4s`,
    startNumber: shape.startNumber,
    availabilityTimeOffset: shape.availabilityTimeOffset ?? 0,
    availabilityTimeComplete: (shape.availabilityTimeOffset ?? 0) === 0,
    segments: shape.segments,
  };
}

function producerReference(shape: TrackShape): AdaptationSetSnapshot['producerReferenceTime'] {
  if (!shape.producedAt) return null;
  return { id: 0, wallClockTime: shape.producedAt, presentationTime: shape.presentationTimeOffset ?? 0 };
}

export function videoSet(shape: TrackShape): AdaptationSetSnapshot {
  return {
    id: 1,
    contentType: 'video',
    mimeType: 'video/mp4',
    segmentTemplate: template('video', shape),
    producerReferenceTime: producerReference(shape),
    representations: [
      {
        id: 'video',
        bandwidth: 2_500_000,
        codecs: 'avc1.64001f',
        width: 1280,
        height: 720,
        frameRate: { numerator: 30, denominator: 1 },
        ...shape.representation,
      },
    ],
  };
}

export function audioSet(shape: TrackShape): AdaptationSetSnapshot {
  return {
    id: 2,
    contentType: 'audio',
    mimeType: 'audio/mp4',
    segmentTemplate: template('audio', shape),
    producerReferenceTime: producerReference(shape),
    representations: [
      {
        id: 'audio',
        bandwidth: 130_000,
        codecs: 'mp4a.40.2',
        audioSamplingRate: 48_000,
        audioChannels: 2,
        ...shape.representation,
      },
    ],
  };
}

export function mpdSnapshot(
  periods: readonly PeriodSnapshot[],
  overrides: Partial<MpdSnapshot> = {},
): MpdSnapshot {
  return {
    availabilityStartTime: EPOCH,
    publishTime: new Date(EPOCH.getTime() + 60_000),
    minimumUpdatePeriod: 0.4,
    timeShiftBufferDepth: 12,
    maxSegmentDuration: 2,
    minBufferTime: 0.4,
    suggestedPresentationDelay: 2,
    serviceDescription: {
      latency: { targetMs: 2000, minMs: 600, maxMs: 6000, referenceId: null },
      playbackRate: { min: 0.96, max: 1.04 },
    },
    utcTimings: [{ scheme: 'http-iso', url: 'https://origin.example/time' }],
    baseUrl: '../../hls/demo/',
    ended: false,
    periods,
    ...overrides,
  };
}

// --- round trip -----------------------------------------------------------------------------------

function allPlaylists(text: string, now: number): ParsedPlaylist[] {
  const manifest = parse(text, { manifestUri: MANIFEST_URI, NOW: now, clientOffset: 0 });
  const audio = Object.values(manifest.mediaGroups.AUDIO).flatMap((group) =>
    Object.values(group).flatMap((rendition) => rendition.playlists),
  );
  return [...manifest.playlists, ...audio];
}

function children(element: Element, name: string): Element[] {
  return Array.from(element.childNodes).filter((node): node is Element => (node as Element).tagName === name);
}

function only(element: Element, name: string): Element {
  const [child, ...more] = children(element, name);
  if (child === undefined || more.length > 0)
    throw new Error(`expected one <${name}> in <${element.tagName}>`);
  return child;
}

/**
 * Parses `text` with mpd-parser and checks that every segment comes back as the snapshot wrote it:
 * URIs (through BaseURL and $Number$), init URIs, durations, positions on the MPD timeline, period
 * starts; and, from the parsed DOM (mpd-parser does not surface them), the LL-DASH attributes, the
 * ServiceDescription, the UTCTiming and the MPD header.
 */
export function expectMpdMatches(text: string, snapshot: MpdSnapshot): void {
  const base = new URL(snapshot.baseUrl ?? '', MANIFEST_URI);
  const resolve = (uri: string) => new URL(uri, base).href;

  // Segments, as mpd-parser lays them out: one playlist per representation id, periods joined.
  const expected = new Map<
    string,
    { uri: string; duration: number; at: number; period: number; map: string }[]
  >();
  for (const period of snapshot.periods) {
    for (const set of period.adaptationSets) {
      const template = set.segmentTemplate;
      for (const representation of set.representations) {
        const list = expected.get(representation.id) ?? [];
        template.segments.forEach((segment, index) => {
          const number = template.startNumber + index;
          list.push({
            uri: resolve(
              template.media
                .replace('$Number$', String(number))
                .replace('$RepresentationID$', representation.id),
            ),
            duration: segment.duration / template.timescale,
            at: period.start + (segment.start - template.presentationTimeOffset) / template.timescale,
            period: period.start,
            map: resolve(template.initialization.replace('$RepresentationID$', representation.id)),
          });
        });
        expected.set(representation.id, list);
      }
    }
  }
  const playlists = allPlaylists(text, snapshot.publishTime.getTime());
  expect(playlists.map((p) => p.attributes.NAME).sort()).toEqual([...expected.keys()].sort());
  for (const playlist of playlists) {
    const want = expected.get(playlist.attributes.NAME) ?? [];
    expect(playlist.segments.map((s) => s.resolvedUri)).toEqual(want.map((s) => s.uri));
    expect(playlist.segments.map((s) => s.map?.resolvedUri)).toEqual(want.map((s) => s.map));
    playlist.segments.forEach((segment, index) => {
      const w = want[index];
      if (w === undefined) return;
      expect(segment.duration).toBeCloseTo(w.duration, 9);
      expect(segment.presentationTime).toBeCloseTo(w.at, 6);
      expect(segment.timeline).toBeCloseTo(w.period, 6);
    });
  }

  // What mpd-parser does not surface, read back from its DOM.
  const mpd = stringToMpdXml(text);
  expect(mpd.getAttribute('type')).toBe('dynamic');
  expect(mpd.getAttribute('availabilityStartTime')).toBe(snapshot.availabilityStartTime.toISOString());
  expect(mpd.getAttribute('publishTime')).toBe(snapshot.publishTime.toISOString());
  expect(mpd.hasAttribute('minimumUpdatePeriod')).toBe(!snapshot.ended);
  expect(
    children(mpd, 'UTCTiming').map((e) => [e.getAttribute('schemeIdUri'), e.getAttribute('value')]),
  ).toEqual(snapshot.utcTimings.map((t) => [`urn:mpeg:dash:utc:${t.scheme}:2014`, t.url]));
  const description = snapshot.serviceDescription;
  const descriptions = children(mpd, 'ServiceDescription');
  expect(descriptions.length).toBe(description ? 1 : 0);
  if (description && descriptions[0]) {
    const latency = only(descriptions[0], 'Latency');
    const rate = only(descriptions[0], 'PlaybackRate');
    expect(Number(latency.getAttribute('target'))).toBe(description.latency.targetMs);
    expect(Number(latency.getAttribute('min'))).toBe(description.latency.minMs);
    expect(Number(latency.getAttribute('max'))).toBe(description.latency.maxMs);
    expect(Number(rate.getAttribute('min'))).toBeCloseTo(description.playbackRate.min, 3);
    expect(Number(rate.getAttribute('max'))).toBeCloseTo(description.playbackRate.max, 3);
  }
  const periods = children(mpd, 'Period');
  expect(periods.map((p) => p.getAttribute('id'))).toEqual(snapshot.periods.map((p) => p.id));
  snapshot.periods.forEach((period, p) => {
    const sets = children(periods[p] as Element, 'AdaptationSet');
    expect(sets.map((s) => Number(s.getAttribute('id')))).toEqual(period.adaptationSets.map((s) => s.id));
    period.adaptationSets.forEach((set, a) => {
      const templateElement = only(sets[a] as Element, 'SegmentTemplate');
      const offset = templateElement.getAttribute('availabilityTimeOffset');
      const ato = set.segmentTemplate.availabilityTimeOffset;
      // Written rounded down to the millisecond.
      const written = offset === null || offset === '' ? 0 : Number(offset);
      expect(written).toBeLessThanOrEqual(ato);
      expect(written).toBeGreaterThan(ato - 0.001);
      const complete = templateElement.getAttribute('availabilityTimeComplete');
      expect(complete === 'false').toBe(!set.segmentTemplate.availabilityTimeComplete);
      expect(Number(templateElement.getAttribute('startNumber'))).toBe(set.segmentTemplate.startNumber);
    });
  });
}
