import { describe, expect, test } from 'bun:test';
import { parse } from 'mpd-parser';
import { renderStaticMpd } from '../dash/static-mpd.ts';
import type { RecordedTrack } from './recorded-track.ts';
import type { RecordedInit, RecordedSegment } from './recording-journal.ts';
import { vodDash } from './vod-dash.ts';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const MANIFEST_URI = 'https://origin.example/vod/ast_0123456789ab/manifest.mpd';

function init(handler: 'vide' | 'soun', timescale: number, extra: Partial<RecordedInit> = {}): RecordedInit {
  return {
    type: 'init',
    version: 0,
    handler,
    codec: handler === 'vide' ? 'avc1.64001f' : 'mp4a.40.2',
    timescale,
    width: handler === 'vide' ? 1280 : null,
    height: handler === 'vide' ? 720 : null,
    sampleRate: handler === 'soun' ? 48000 : null,
    channelCount: handler === 'soun' ? 2 : null,
    bytes: 700,
    ...extra,
  };
}

/** Back-to-back segments of `ticks` each, the session's media time 0 at wall clock `anchorMs`. */
function track(
  id: string,
  trackInit: RecordedInit,
  sessions: { anchorMs: number; ticks: number[]; startTicks?: number; initVersion?: number }[],
): RecordedTrack {
  const segments: RecordedSegment[] = [];
  const inits = new Map([[0, trackInit]]);
  sessions.forEach((session, s) => {
    const version = session.initVersion ?? 0;
    if (!inits.has(version)) inits.set(version, { ...trackInit, version });
    let at = session.startTicks ?? 0;
    session.ticks.forEach((ticks, i) => {
      segments.push({
        type: 'segment',
        n: segments.length,
        msn: segments.length,
        initVersion: version,
        start: at,
        duration: ticks / trackInit.timescale,
        samples: trackInit.handler === 'vide' ? (ticks / trackInit.timescale) * 25 : null,
        programDateTimeMs: session.anchorMs + (at / trackInit.timescale) * 1000,
        discontinuity: s > 0 && i === 0,
        gap: false,
        bytes: 100_000,
      });
      at += ticks;
    });
  });
  return { id, kind: trackInit.handler === 'vide' ? 'video' : 'audio', inits, segments };
}

describe('vodDash', () => {
  test('aligned ABR renditions share one adaptation set through $RepresentationID$', () => {
    const sessions = [{ anchorMs: T0, ticks: [25600, 25600] }];
    const tracks = [
      track('video-1080p', init('vide', 12800, { width: 1920, height: 1080 }), sessions),
      track('video-720p', init('vide', 12800), sessions),
      track('audio', init('soun', 48000), [{ anchorMs: T0, ticks: [96256, 95744] }]),
    ];
    const snapshot = vodDash(tracks);
    const [video, audio] = snapshot.periods[0]?.adaptationSets ?? [];
    expect(video?.segmentTemplate.media).toBe('$RepresentationID$/$Number$.m4s');
    expect(video?.segmentTemplate.initialization).toBe('$RepresentationID$/init-0.mp4');
    expect(video?.representations.map((r) => [r.id, r.width, r.frameRate])).toEqual([
      ['video-1080p', 1920, { numerator: 25, denominator: 1 }],
      ['video-720p', 1280, { numerator: 25, denominator: 1 }],
    ]);
    expect(audio?.segmentTemplate.media).toBe('audio/$Number$.m4s');
    const manifest = parse(renderStaticMpd(snapshot), { manifestUri: MANIFEST_URI });
    expect(manifest.playlists.map((p) => p.segments.map((s) => s.uri))).toEqual([
      ['video-1080p/0.m4s', 'video-1080p/1.m4s'],
      ['video-720p/0.m4s', 'video-720p/1.m4s'],
    ]);
  });

  test('renditions that do not line up get an adaptation set each', () => {
    const tracks = [
      track('video-1080p', init('vide', 12800), [{ anchorMs: T0, ticks: [25600, 25600] }]),
      track('video-720p', init('vide', 12800), [{ anchorMs: T0, ticks: [25600, 12800] }]),
    ];
    const sets = vodDash(tracks).periods[0]?.adaptationSets ?? [];
    expect(sets.map((s) => [s.id, s.segmentTemplate.media])).toEqual([
      [1, 'video-1080p/$Number$.m4s'],
      [2, 'video-720p/$Number$.m4s'],
    ]);
  });

  test('each source session is a period, back to back; audio is placed by its wall clock', () => {
    const later = T0 + 60_000; // the publisher was away for a minute: not part of the VOD
    // One anchor per FFmpeg session for both tracks; the video's first frame is 20 ms into media time.
    const tracks = [
      track('video', init('vide', 12800), [
        { anchorMs: T0, ticks: [25600, 25600], startTicks: 256 },
        { anchorMs: later, ticks: [25600], startTicks: 256, initVersion: 1 },
      ]),
      track('audio', init('soun', 48000), [
        { anchorMs: T0, ticks: [97280, 96256] },
        { anchorMs: later, ticks: [97280] },
      ]),
    ];
    const snapshot = vodDash(tracks);
    expect(snapshot.periods.map((p) => [p.id, p.start])).toEqual([
      ['p0', 0],
      // The audio's media time at the video's first frame is 960; it runs (193536 - 960) / 48000 =
      // 4.012 s, past the video's 4 s: the next period starts there.
      ['p1', 4.012],
    ]);
    const [video, audio] = snapshot.periods[1]?.adaptationSets ?? [];
    expect(video?.segmentTemplate).toMatchObject({
      initialization: 'video/init-1.mp4',
      startNumber: 2,
      presentationTimeOffset: 256,
    });
    expect(audio?.segmentTemplate).toMatchObject({ presentationTimeOffset: 960, startNumber: 2 });
    const text = renderStaticMpd(snapshot);
    // 4.012 + (97280 - 960) / 48000
    expect(text).toContain('mediaPresentationDuration="PT6.019S"');
  });
});
