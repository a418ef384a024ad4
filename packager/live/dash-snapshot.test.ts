import { describe, expect, test } from 'bun:test';
import { parse } from 'mpd-parser';
import { quietGlobalArgs } from '../../ffmpeg/ffmpeg-log-level.ts';
import { TRACK_OUTPUT_FD, trackOutputArgs } from '../../ffmpeg/fmp4-track-output-args.ts';
import { waitFor } from '../../tests/harness/wait-for.ts';
import { renderMpd } from '../dash/mpd.ts';
import { expectMpdMatches, MANIFEST_URI } from '../dash/mpd-round-trip.test-support.ts';
import type { MpdSnapshot } from '../dash/mpd-snapshot.ts';
import { concat, mdat, moof } from '../fmp4/box-builder.test-support.ts';
import type { TrackInfo } from '../fmp4/init-segment.ts';
import type { CompletedPart } from '../fmp4/part-cutter.ts';
import { dashSnapshot, firstDecodeTime, type PackagerForDash, packagerStartMs } from './dash-snapshot.ts';
import { mediaPlaylistSnapshot } from './hls-snapshot.ts';
import { LivePackager, type TrackKind } from './live-packager.ts';
import { TrackTimeline } from './track-timeline.ts';

// The packager started at STARTED; its first FFmpeg session's media time 0 is 1.234 s later.
const STARTED = Date.UTC(2025, 0, 1, 12, 0, 0);
const RUN_ID = STARTED.toString(36);
const NOW = STARTED + 60_000;
const options = {
  streamName: 'demo',
  utcTimings: [{ scheme: 'http-iso' as const, url: 'https://origin.example/time' }],
  now: NOW,
};

const VIDEO_TRACK: TrackInfo = {
  trackId: 1,
  handler: 'vide',
  timescale: 30000,
  codec: 'avc1.64001f',
  width: 1280,
  height: 720,
  defaults: { sampleDuration: 1001, sampleSize: 0, sampleFlags: 0 },
};
const AUDIO_TRACK: TrackInfo = {
  trackId: 2,
  handler: 'soun',
  timescale: 48000,
  codec: 'mp4a.40.2',
  sampleRate: 48000,
  channelCount: 2,
  defaults: { sampleDuration: 1024, sampleSize: 0, sampleFlags: 0 },
};

/**
 * Publishes one segment the way LivePackager does: each part is a real `moof` (tfdt = its start)
 * plus `mdat`; program date-time = session anchor + start / timescale.
 */
function publish(
  timeline: TrackTimeline,
  track: TrackInfo,
  segment: {
    msn: number;
    start: number;
    parts: readonly number[];
    anchorMs: number;
    discontinuity?: boolean;
    complete?: boolean;
  },
): void {
  const ts = track.timescale;
  let at = segment.start;
  const bytes: Uint8Array[] = [];
  segment.parts.forEach((ticks, index) => {
    const part = concat(
      moof({
        sequenceNumber: index + 1,
        trackId: track.trackId,
        baseMediaDecodeTime: at,
        samples: [{ duration: ticks, size: 8 }],
      }),
      mdat(8),
    );
    bytes.push(part);
    const event: CompletedPart = {
      kind: 'partComplete',
      segmentIndex: segment.msn,
      partIndex: index,
      startTime: at / ts,
      duration: ticks / ts,
      startTicks: at,
      durationTicks: ticks,
      independent: index === 0,
      bytes: part,
    };
    timeline.addPart(event, segment.anchorMs + (at / ts) * 1000, segment.discontinuity ?? false);
    at += ticks;
  });
  if (segment.complete === false) return;
  timeline.completeSegment({
    kind: 'segmentComplete',
    index: segment.msn,
    startTime: segment.start / ts,
    duration: (at - segment.start) / ts,
    startTicks: segment.start,
    durationTicks: at - segment.start,
    discontinuity: segment.discontinuity ?? false,
    partCount: segment.parts.length,
    bytes: concat(...bytes),
  });
}

// 29.97 fps: 6-frame parts (0.2002 s), 10 parts a segment (2.002 s). AAC: 9-frame parts (0.192 s);
// audio segments follow the video cuts, so they end on the first AAC frame past each cut.
const VIDEO_PARTS = Array(10).fill(6 * 1001);
const audioSegmentTicks = (msn: number) =>
  Math.ceil((((msn + 1) * 60060) / 30000) * 46.875) * 1024 -
  Math.ceil(((msn * 60060) / 30000) * 46.875) * 1024;
const audioParts = (msn: number) => {
  const total = audioSegmentTicks(msn);
  const parts = Array(Math.floor(total / 9216)).fill(9216);
  if (total % 9216) parts.push(total % 9216);
  return parts;
};
const audioStart = (msn: number) => Math.ceil(((msn * 60060) / 30000) * 46.875) * 1024;

function timelines(kinds: readonly TrackKind[], windowSegments = 6) {
  const tracks: Partial<Record<TrackKind, TrackTimeline>> = {};
  for (const kind of kinds) {
    tracks[kind] = new TrackTimeline({ windowSegments, graceMs: 6000, now: () => NOW });
    tracks[kind]?.setInit(
      new Uint8Array([kind === 'video' ? 1 : 2]),
      kind === 'video' ? VIDEO_TRACK : AUDIO_TRACK,
    );
  }
  return tracks;
}

function packagerWith(tracks: Partial<Record<TrackKind, TrackTimeline>>, video = true): PackagerForDash {
  return {
    runId: RUN_ID,
    partTarget: 0.2002,
    targetDuration: 2,
    frameRate: video ? 30000 / 1001 : undefined,
    keyframeInterval: video ? 2.002 : undefined,
    tracks,
    trackIds: Object.keys(tracks),
    frameRateOf: () => (video ? 30000 / 1001 : undefined),
  };
}

/** Session `anchorMs`, segments `first..last` complete, then `inProgressParts` parts of the next. */
function session(
  tracks: Partial<Record<TrackKind, TrackTimeline>>,
  s: {
    anchorMs: number;
    msnOffset: number;
    first: number;
    last: number;
    inProgressParts: number;
    discontinuity: boolean;
  },
): void {
  for (let k = s.first; k <= s.last + 1; k++) {
    const complete = k <= s.last;
    if (!complete && s.inProgressParts === 0) break;
    const msn = s.msnOffset + k;
    const discontinuity = s.discontinuity && k === s.first;
    const cut = (parts: number[]) => (complete ? parts : parts.slice(0, s.inProgressParts));
    if (tracks.video)
      publish(tracks.video, VIDEO_TRACK, {
        msn,
        start: k * 60060,
        parts: cut(VIDEO_PARTS),
        anchorMs: s.anchorMs,
        discontinuity,
        complete,
      });
    if (tracks.audio)
      publish(tracks.audio, AUDIO_TRACK, {
        msn,
        start: audioStart(k),
        parts: cut(audioParts(k)),
        anchorMs: s.anchorMs,
        discontinuity,
        complete,
      });
  }
}

/**
 * Every listed segment starts, on the MPD timeline, at its program date-time (±1 ms); while live,
 * the newest period ends with the segment announced ahead, right where the one before it ends.
 */
function expectWallClockMapping(snapshot: MpdSnapshot, packager: PackagerForDash): void {
  snapshot.periods.forEach((period, periodIndex) => {
    for (const set of period.adaptationSets) {
      const timeline = packager.tracks[set.contentType] as TrackTimeline;
      const template = set.segmentTemplate;
      const announced = !snapshot.ended && periodIndex === snapshot.periods.length - 1;
      template.segments.forEach((segment, index) => {
        const msn = template.startNumber + index;
        if (announced && index === template.segments.length - 1) {
          const before = template.segments[index - 1];
          expect(timeline.segment(msn)).toBeUndefined();
          expect(timeline.inProgress?.parts.length && timeline.inProgress.msn === msn).toBeFalsy();
          if (before) expect(segment.start).toBe(before.start + before.duration);
          return;
        }
        const programDateTimeMs =
          timeline.segment(msn)?.programDateTimeMs ??
          (timeline.inProgress?.msn === msn ? timeline.inProgress.programDateTimeMs : Number.NaN);
        const mpdWallClockMs =
          snapshot.availabilityStartTime.getTime() +
          period.start * 1000 +
          ((segment.start - template.presentationTimeOffset) / template.timescale) * 1000;
        expect(Math.abs(mpdWallClockMs - programDateTimeMs)).toBeLessThanOrEqual(1);
      });
    }
  });
}

function snapshotOf(packager: PackagerForDash): MpdSnapshot {
  const snapshot = dashSnapshot(packager, options);
  if (!snapshot) throw new Error('no snapshot');
  return snapshot;
}

describe('dashSnapshot from real TrackTimelines', () => {
  test('nothing before PART-TARGET, an init and a segment are known', () => {
    const tracks = timelines(['video', 'audio']);
    expect(dashSnapshot({ ...packagerWith(tracks), partTarget: undefined }, options)).toBeUndefined();
    expect(dashSnapshot(packagerWith(tracks), options)).toBeUndefined();
    expect(
      dashSnapshot(packagerWith({ video: new TrackTimeline({ windowSegments: 6, graceMs: 0 }) }), options),
    ).toBeUndefined();
  });

  test('a live 29.97 fps stream: timeline from tfdt, in-progress segment, same files as LL-HLS', () => {
    const anchorMs = STARTED + 1234.5678;
    const tracks = timelines(['video', 'audio']);
    session(tracks, { anchorMs, msnOffset: 0, first: 0, last: 7, inProgressParts: 3, discontinuity: false });
    const packager = packagerWith(tracks);
    const snapshot = snapshotOf(packager);
    const text = renderMpd(snapshot);
    expectMpdMatches(text, snapshot);
    expectWallClockMapping(snapshot, packager);

    expect(snapshot.availabilityStartTime.getTime()).toBe(STARTED);
    expect(snapshot.periods.map((p) => [p.id, p.start])).toEqual([['p0', 1.235]]);
    const [video, audio] = snapshot.periods[0]?.adaptationSets ?? [];
    // Window of 6 complete segments (2..7), segment 8 in progress listed at its expected 2.002 s,
    // and segment 9 announced after it.
    expect(video?.segmentTemplate.startNumber).toBe(2);
    expect(video?.segmentTemplate.segments).toEqual(
      Array.from({ length: 8 }, (_, i) => ({ start: (2 + i) * 60060, duration: 60060 })),
    );
    expect(video?.segmentTemplate.availabilityTimeOffset).toBe(1.801); // 2.002 - 0.2002, rounded down
    expect(video?.segmentTemplate.availabilityTimeComplete).toBe(false);
    expect(audio?.segmentTemplate.segments.slice(0, 7).map((s) => s.start)).toEqual(
      [2, 3, 4, 5, 6, 7, 8].map(audioStart),
    );
    expect(audio?.segmentTemplate.segments).toHaveLength(8);
    expect(audio?.segmentTemplate.segments.slice(0, 6).map((s) => s.duration)).toEqual(
      [2, 3, 4, 5, 6, 7].map(audioSegmentTicks),
    );
    expect(text).toContain('frameRate="30000/1001"');
    expect(text).toContain('<BaseURL>../../hls/demo/</BaseURL>');
    expect(video?.representations[0]).toMatchObject({
      id: 'video',
      codecs: 'avc1.64001f',
      width: 1280,
      height: 720,
    });
    expect(audio?.representations[0]).toMatchObject({
      id: 'audio',
      audioSamplingRate: 48000,
      audioChannels: 2,
    });

    // The segment URLs are exactly the LL-HLS media playlist's, resolved from /hls/demo/video.m3u8.
    const hls = mediaPlaylistSnapshot(packager as unknown as LivePackager, 'video');
    const hlsUrls = hls?.segments.map(
      (s) => new URL(s.uri, 'https://origin.example/hls/demo/video.m3u8').href,
    );
    const parsed = parse(text, { manifestUri: MANIFEST_URI, NOW, clientOffset: 0 });
    const dashUrls = parsed.playlists[0]?.segments.map((s) => s.resolvedUri);
    expect(dashUrls?.slice(0, -2)).toEqual(hlsUrls ?? []);
    expect(dashUrls?.slice(-2)).toEqual(
      [8, 9].map((msn) => `https://origin.example/hls/demo/video/${RUN_ID}/${msn}.m4s`),
    );
    expect(parsed.playlists[0]?.segments[0]?.map?.resolvedUri).toBe(
      new URL(hls?.mapUri ?? '', 'https://origin.example/hls/demo/video.m3u8').href,
    );
  });

  test('a source restart opens a new period at its own anchor; both tracks line up in each', () => {
    const tracks = timelines(['video', 'audio'], 10);
    session(tracks, {
      anchorMs: STARTED + 800,
      msnOffset: 0,
      first: 0,
      last: 3,
      inProgressParts: 0,
      discontinuity: false,
    });
    // The publisher came back 20 s later; its FFmpeg starts media time over, near 0.
    session(tracks, {
      anchorMs: STARTED + 30_000.25,
      msnOffset: 4,
      first: 0,
      last: 2,
      inProgressParts: 2,
      discontinuity: true,
    });
    const packager = packagerWith(tracks);
    const snapshot = snapshotOf(packager);
    expectMpdMatches(renderMpd(snapshot), snapshot);
    expectWallClockMapping(snapshot, packager);
    expect(snapshot.periods.map((p) => [p.id, p.start])).toEqual([
      ['p0', 0.8],
      ['p1', 30],
    ]);
    const second = snapshot.periods[1]?.adaptationSets.map((s) => [
      s.contentType,
      s.segmentTemplate.startNumber,
      s.segmentTemplate.segments[0]?.start,
    ]);
    expect(second).toEqual([
      ['video', 4, 0],
      ['audio', 4, 0],
    ]);

    // Once the first session leaves the window, the remaining period keeps its id and start.
    session(tracks, {
      anchorMs: STARTED + 30_000.25,
      msnOffset: 4,
      first: 3,
      last: 9,
      inProgressParts: 1,
      discontinuity: false,
    });
    const later = snapshotOf(packager);
    expect(later.periods.map((p) => [p.id, p.start])).toEqual([['p1', 30]]);
    expectWallClockMapping(later, packager);
  });

  test('a new session is published once every track has media in it', () => {
    const tracks = timelines(['video', 'audio']);
    session(tracks, {
      anchorMs: STARTED + 500,
      msnOffset: 0,
      first: 0,
      last: 2,
      inProgressParts: 0,
      discontinuity: false,
    });
    // Video of the new session arrives first.
    publish(tracks.video as TrackTimeline, VIDEO_TRACK, {
      msn: 3,
      start: 0,
      parts: [6006],
      anchorMs: STARTED + 9000,
      discontinuity: true,
      complete: false,
    });
    expect(snapshotOf(packagerWith(tracks)).periods.map((p) => p.id)).toEqual(['p0']);
    publish(tracks.audio as TrackTimeline, AUDIO_TRACK, {
      msn: 3,
      start: 0,
      parts: [9216],
      anchorMs: STARTED + 9000,
      discontinuity: true,
      complete: false,
    });
    const snapshot = snapshotOf(packagerWith(tracks));
    expect(snapshot.periods.map((p) => [p.id, p.adaptationSets.length])).toEqual([
      ['p0', 2],
      ['p1', 2],
    ]);
  });

  test('a source that came back with other settings gets its own init in the new period', () => {
    const tracks = timelines(['video']);
    session(tracks, {
      anchorMs: STARTED + 500,
      msnOffset: 0,
      first: 0,
      last: 1,
      inProgressParts: 0,
      discontinuity: false,
    });
    tracks.video?.setInit(new Uint8Array([9]), {
      ...VIDEO_TRACK,
      codec: 'avc1.4d401e',
      width: 640,
      height: 360,
    });
    session(tracks, {
      anchorMs: STARTED + 9000,
      msnOffset: 2,
      first: 0,
      last: 0,
      inProgressParts: 1,
      discontinuity: true,
    });
    const snapshot = snapshotOf(packagerWith(tracks));
    const sets = snapshot.periods.map((p) => p.adaptationSets[0]);
    expect(sets.map((s) => s?.segmentTemplate.initialization)).toEqual([
      `video/${RUN_ID}/init.mp4`,
      `video/${RUN_ID}/init-1.mp4`,
    ]);
    expect(sets.map((s) => s?.representations[0]?.codecs)).toEqual(['avc1.64001f', 'avc1.4d401e']);
    expectMpdMatches(renderMpd(snapshot), snapshot);
  });

  test('a session older than availabilityStartTime starts its period at 0 and skips media by presentationTimeOffset', () => {
    const tracks = timelines(['video', 'audio']);
    session(tracks, {
      anchorMs: STARTED + 700,
      msnOffset: 0,
      first: 0,
      last: 2,
      inProgressParts: 1,
      discontinuity: false,
    });
    const packager = packagerWith(tracks);
    const snapshot = dashSnapshot(packager, {
      ...options,
      availabilityStartTimeMs: STARTED + 2000,
    }) as MpdSnapshot;
    expect(snapshot.periods[0]?.start).toBe(0);
    expect(snapshot.periods[0]?.adaptationSets.map((s) => s.segmentTemplate.presentationTimeOffset)).toEqual([
      39000, 62400,
    ]);
    expectMpdMatches(renderMpd(snapshot), snapshot);
    expectWallClockMapping(snapshot, packager);
  });

  test('audio only', () => {
    const tracks = timelines(['audio']);
    session(tracks, {
      anchorMs: STARTED + 400,
      msnOffset: 0,
      first: 0,
      last: 2,
      inProgressParts: 4,
      discontinuity: false,
    });
    const packager = packagerWith(tracks, false);
    const snapshot = snapshotOf(packager);
    expect(snapshot.periods[0]?.adaptationSets.map((s) => s.contentType)).toEqual(['audio']);
    expectMpdMatches(renderMpd(snapshot), snapshot);
    expectWallClockMapping(snapshot, packager);
  });

  test('an ended stream lists complete segments only and stops updating', () => {
    const tracks = timelines(['video', 'audio']);
    session(tracks, {
      anchorMs: STARTED + 700,
      msnOffset: 0,
      first: 0,
      last: 3,
      inProgressParts: 2,
      discontinuity: false,
    });
    tracks.video?.end();
    tracks.audio?.end();
    const snapshot = snapshotOf(packagerWith(tracks));
    expect(snapshot.ended).toBe(true);
    expect(snapshot.periods[0]?.adaptationSets[0]?.segmentTemplate.segments).toHaveLength(4);
    expect(renderMpd(snapshot)).not.toContain('minimumUpdatePeriod');
  });

  test('latency knobs follow PART-TARGET; options override them and the BaseURL', () => {
    const tracks = timelines(['video']);
    session(tracks, {
      anchorMs: STARTED + 700,
      msnOffset: 0,
      first: 0,
      last: 1,
      inProgressParts: 1,
      discontinuity: false,
    });
    const snapshot = snapshotOf(packagerWith(tracks));
    expect(snapshot.serviceDescription?.latency).toEqual({
      targetMs: 1001,
      minMs: 601,
      maxMs: 5001,
      referenceId: 0,
    });
    expect(snapshot.minimumUpdatePeriod).toBe(0.5);
    expect(snapshot.suggestedPresentationDelay).toBe(1.001);
    const custom = dashSnapshot(packagerWith(tracks), {
      ...options,
      latency: { targetMs: 3000, minMs: 1000, maxMs: 8000 },
      mediaBaseUrl: 'media/',
      availabilityStartTimeMs: STARTED - 5000,
    });
    expect(custom?.serviceDescription?.latency.targetMs).toBe(3000);
    expect(custom?.baseUrl).toBe('media/');
    expect(custom?.periods[0]?.start).toBe(5.7);
  });
});

describe('dashSnapshot from a real FFmpeg session', () => {
  // NTSC test pattern and a tone, 1.001 s GOPs, paced in real time; each FFmpeg run lasts 2.2 s and
  // is restarted, so the stream has source restarts (new periods) within a few seconds.
  const ffmpegArgs = () => [
    ...quietGlobalArgs('error'),
    '-re',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x180:rate=30000/1001',
    '-re',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=1000:sample_rate=48000',
    '-map',
    '0:v',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-tune',
    'zerolatency',
    '-g',
    '30',
    '-keyint_min',
    '30',
    '-sc_threshold',
    '0',
    '-pix_fmt',
    'yuv420p',
    '-t',
    '2.2',
    ...trackOutputArgs({ fd: TRACK_OUTPUT_FD.video }),
    '-map',
    '1:a',
    '-c:a',
    'aac',
    '-b:a',
    '64k',
    '-ac',
    '2',
    '-t',
    '2.2',
    ...trackOutputArgs({ fd: TRACK_OUTPUT_FD.audio }),
  ];

  /** Video and audio segments with the same number start at the same MPD time (within a frame of each). */
  function expectTracksAligned(snapshot: MpdSnapshot): void {
    for (const period of snapshot.periods) {
      const [video, audio] = period.adaptationSets.map((s) => s.segmentTemplate);
      if (!video || !audio) continue;
      const startOf = (template: typeof video, msn: number) => {
        const segment = template.segments[msn - template.startNumber];
        return segment && (segment.start - template.presentationTimeOffset) / template.timescale;
      };
      for (let msn = video.startNumber; msn < video.startNumber + video.segments.length; msn++) {
        const v = startOf(video, msn);
        const a = startOf(audio, msn);
        if (v !== undefined && a !== undefined)
          expect(Math.abs(v - a)).toBeLessThan(1001 / 30000 + 1024 / 48000);
      }
    }
  }

  test('live edge, a restart, the end: every MPD maps segments to their wall clock, tracks aligned', async () => {
    const packager = new LivePackager({
      name: 'dash-ffmpeg',
      partTarget: 0.2,
      segmentTarget: 1,
      windowSegments: 10,
      tracks: ['video', 'audio'],
      ffmpegArgs,
    });
    const checked: MpdSnapshot[] = [];
    const check = () => {
      const snapshot = dashSnapshot(packager, { ...options, now: Date.now() });
      if (!snapshot) return undefined;
      expectMpdMatches(renderMpd(snapshot), snapshot);
      expectWallClockMapping(snapshot, packager);
      expectTracksAligned(snapshot);
      checked.push(snapshot);
      return snapshot;
    };
    packager.start();
    try {
      const live = await waitFor(
        () => {
          const snapshot = check();
          const video = snapshot?.periods[0]?.adaptationSets[0];
          return video && video.segmentTemplate.segments.length >= 2 && packager.tracks.video?.inProgress
            ? snapshot
            : undefined;
        },
        20_000,
        'a live MPD with two segments and one in progress',
      );
      expect(live.periods[0]?.adaptationSets.map((s) => s.contentType)).toEqual(['video', 'audio']);
      expect(live.periods[0]?.adaptationSets[0]?.representations[0]?.frameRate).toEqual({
        numerator: 30000,
        denominator: 1001,
      });
      const restarted = await waitFor(
        () => {
          const snapshot = check();
          const last = snapshot?.periods.at(-1)?.adaptationSets[0]?.segmentTemplate.segments.length ?? 0;
          return snapshot && snapshot.periods.length >= 2 && last >= 2 ? snapshot : undefined;
        },
        20_000,
        'an MPD with a second period',
      );
      const [first, second] = restarted.periods;
      expect(first?.id).not.toBe(second?.id);
      expect((second?.start ?? 0) - (first?.start ?? 0)).toBeGreaterThan(2);
      expect(second?.adaptationSets.map((s) => s.segmentTemplate.segments[0]?.start)).toEqual([0, 0]);
    } finally {
      await packager.close();
    }
    const ended = check();
    expect(ended?.ended).toBe(true);
    expect(renderMpd(ended as MpdSnapshot)).not.toContain('minimumUpdatePeriod');
    expect(checked.length).toBeGreaterThan(3);
  }, 45_000);
});

describe('helpers', () => {
  test('packagerStartMs decodes the run id, and refuses what is not one', () => {
    expect(packagerStartMs(RUN_ID)).toBe(STARTED);
    expect(() => packagerStartMs('not a run')).toThrow(RangeError);
    expect(() => packagerStartMs('')).toThrow(RangeError);
  });

  test('firstDecodeTime reads the first moof only, and survives garbage', () => {
    const first = concat(
      moof({ sequenceNumber: 1, trackId: 1, baseMediaDecodeTime: 4004, samples: [{ duration: 1001 }] }),
      mdat(4),
    );
    const second = concat(
      moof({ sequenceNumber: 2, trackId: 1, baseMediaDecodeTime: 5005, samples: [{ duration: 1001 }] }),
      mdat(4),
    );
    expect(firstDecodeTime(concat(first, second))).toBe(4004);
    expect(
      firstDecodeTime(
        concat(
          moof({ sequenceNumber: 1, trackId: 1, baseMediaDecodeTime: 2 ** 40, tfdtVersion: 1, samples: [] }),
        ),
      ),
    ).toBe(2 ** 40);
    expect(firstDecodeTime(new Uint8Array([0, 0, 0, 99, 1, 2]))).toBeUndefined();
    expect(firstDecodeTime(mdat(4))).toBeUndefined();
  });
});
