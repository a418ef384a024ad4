/**
 * Test-only: a LivePackager that never runs FFmpeg, filled by hand so delivery tests
 * can ask for playlists and media of a known timeline. On each track: `completeSegments`
 * segments of 10 parts of 0.2 s, then `partsInProgress` parts of the next one. Bytes
 * follow a pattern, not zeros, so a wrong byte range shows.
 */
import type { TrackInfo } from '../../packager/fmp4/init-segment.ts';
import { LivePackager } from '../../packager/live/live-packager.ts';
import type { TrackTimeline } from '../../packager/live/track-timeline.ts';

const TRACK_INFO: Record<'video' | 'audio', TrackInfo> = {
  video: {
    trackId: 1,
    handler: 'vide',
    timescale: 30000,
    codec: 'avc1.64001f',
    width: 640,
    height: 360,
    defaults: { sampleDuration: 1000, sampleSize: 0, sampleFlags: 0 },
  },
  audio: {
    trackId: 2,
    handler: 'soun',
    timescale: 48000,
    codec: 'mp4a.40.2',
    sampleRate: 48000,
    channelCount: 2,
    defaults: { sampleDuration: 1024, sampleSize: 0, sampleFlags: 0 },
  },
};

const PARTS_PER_SEGMENT = 10;

export interface FedPackagerShape {
  name: string;
  tracks: readonly ('video' | 'audio')[];
  completeSegments: number;
  partsInProgress: number;
  /** The packager's clock (a fixed one keeps run ids and dates stable); the real clock by default. */
  now?: () => number;
}

export function fedPackager(shape: FedPackagerShape): LivePackager {
  const packager = new LivePackager({
    name: shape.name,
    partTarget: 0.2,
    segmentTarget: 2,
    windowSegments: 3,
    tracks: [...shape.tracks],
    ffmpegArgs: () => ['-version'],
    now: shape.now,
  });
  packager.partTarget = 0.2;
  const startedAt = (shape.now ?? Date.now)();
  const fill = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 7 + seed) & 255);
  for (const kind of shape.tracks) {
    const info = TRACK_INFO[kind];
    const timeline = packager.tracks[kind] as TrackTimeline;
    timeline.setInit(fill(500, info.trackId), info);
    for (let msn = 0; msn <= shape.completeSegments; msn++) {
      const complete = msn < shape.completeSegments;
      const parts: Uint8Array[] = [];
      for (let index = 0; index < (complete ? PARTS_PER_SEGMENT : shape.partsInProgress); index++) {
        const bytes = fill(200 + index, msn * 10 + index);
        parts.push(bytes);
        timeline.addPart(
          {
            kind: 'partComplete',
            segmentIndex: msn,
            partIndex: index,
            startTime: msn * 2 + index * 0.2,
            duration: 0.2,
            startTicks: 0,
            durationTicks: 0,
            independent: index === 0,
            bytes,
          },
          startedAt + msn * 2000,
          false,
        );
      }
      if (!complete) continue;
      const whole = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
      parts.reduce((offset, p) => {
        whole.set(p, offset);
        return offset + p.length;
      }, 0);
      timeline.completeSegment({
        kind: 'segmentComplete',
        index: msn,
        startTime: msn * 2,
        duration: 2,
        startTicks: 0,
        durationTicks: 0,
        discontinuity: false,
        partCount: parts.length,
        bytes: whole,
      });
    }
  }
  return packager;
}
