import type { RecordedInit, RecordedSegment } from './recording-journal.ts';
import { initFile, segmentFile } from './recording-layout.ts';

/** One track of a finished recording, as its journal tells it. */
export interface RecordedTrack {
  id: string;
  kind: 'video' | 'audio';
  inits: ReadonlyMap<number, RecordedInit>;
  /** At least one. */
  segments: readonly RecordedSegment[];
}

export function trackKindOf(handler: string): 'video' | 'audio' | undefined {
  if (handler === 'vide') return 'video';
  if (handler === 'soun') return 'audio';
  return undefined;
}

/** Paths relative to the asset directory (where the playlists and the MPD sit). */
export function segmentUri(track: RecordedTrack, segment: RecordedSegment): string {
  return `${track.id}/${segmentFile(segment.n)}`;
}

export function initUri(track: RecordedTrack, version: number): string {
  return `${track.id}/${initFile(version)}`;
}

export function recordedSeconds(track: RecordedTrack): number {
  return track.segments.reduce((sum, s) => sum + s.duration, 0);
}

/** Peak (largest segment) and average bits per second, at least 1 (BANDWIDTH and @bandwidth must be > 0). */
export function recordedBitrate(track: RecordedTrack): { peak: number; average: number } {
  let bytes = 0;
  let peak = 0;
  for (const s of track.segments) {
    bytes += s.bytes;
    if (s.duration > 0) peak = Math.max(peak, (s.bytes * 8) / s.duration);
  }
  const seconds = recordedSeconds(track);
  const average = seconds > 0 ? (bytes * 8) / seconds : 0;
  return { peak: Math.ceil(Math.max(peak, average, 1)), average: Math.ceil(Math.max(average, 1)) };
}

/** Frames per second of a video track, from its sample count; undefined when not known. */
export function recordedFrameRate(track: RecordedTrack): number | undefined {
  if (track.kind !== 'video') return undefined;
  let samples = 0;
  for (const segment of track.segments) {
    if (segment.samples === null) return undefined;
    samples += segment.samples;
  }
  const seconds = recordedSeconds(track);
  return samples > 0 && seconds > 0 ? samples / seconds : undefined;
}

/** Every codec the track's segments use, in order of first use (a source may come back with others). */
export function recordedCodecs(track: RecordedTrack): string[] {
  const codecs: string[] = [];
  for (const init of track.inits.values()) if (!codecs.includes(init.codec)) codecs.push(init.codec);
  return codecs;
}

/** Video tracks first, then audio, each by id: the order of variants, adaptation sets and ids. */
export function byKindThenId(a: RecordedTrack, b: RecordedTrack): number {
  if (a.kind !== b.kind) return a.kind === 'video' ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The video track first (it decides periods and the reported duration), else the first audio one. */
export function leadingTrack(tracks: readonly RecordedTrack[]): RecordedTrack | undefined {
  return tracks.find((t) => t.kind === 'video') ?? tracks[0];
}
