import type { AudioRenditionSnapshot, MultivariantPlaylistSnapshot } from '../hls/multivariant-snapshot.ts';
import {
  initUri,
  type RecordedTrack,
  recordedBitrate,
  recordedCodecs,
  recordedFrameRate,
  segmentUri,
} from './recorded-track.ts';
import { mediaPlaylistFile } from './recording-layout.ts';
import type { VodSegment } from './vod-media-playlist.ts';

/** A track's VOD playlist entries: a discontinuity where the source restarted or segments were lost. */
export function vodSegments(track: RecordedTrack): VodSegment[] {
  return track.segments.map((segment) => ({
    uri: segmentUri(track, segment),
    duration: segment.duration,
    programDateTime: new Date(segment.programDateTimeMs),
    discontinuity: segment.discontinuity || segment.gap,
    mapUri: initUri(track, segment.initVersion),
  }));
}

function largestPicture(track: RecordedTrack): { width: number; height: number } | null {
  let best: { width: number; height: number } | null = null;
  for (const { width, height } of track.inits.values())
    if (width && height && (!best || width * height > best.width * best.height)) best = { width, height };
  return best;
}

/**
 * The VOD multivariant playlist: one variant per video track (ABR renditions), every audio track
 * in one audio group; audio-only recordings list each audio track as a variant.
 */
export function vodMultivariant(tracks: readonly RecordedTrack[]): MultivariantPlaylistSnapshot {
  const video = tracks.filter((t) => t.kind === 'video');
  const audio = tracks.filter((t) => t.kind === 'audio');
  const audioRates = audio.map(recordedBitrate);
  const audioCodecs = [...new Set(audio.flatMap(recordedCodecs))].join(',') || null;
  if (video.length === 0) {
    return {
      audioRenditions: [],
      variants: audio.map((track, index) => ({
        uri: mediaPlaylistFile(track.id),
        bandwidth: audioRates[index]?.peak ?? 1,
        averageBandwidth: audioRates[index]?.average ?? null,
        videoCodec: null,
        audioCodec: recordedCodecs(track).join(','),
        resolution: null,
        frameRate: null,
        audioGroupId: null,
      })),
    };
  }
  const groupId = audio.length > 0 ? 'audio' : null;
  const audioRenditions: AudioRenditionSnapshot[] = audio.map((track, index) => ({
    groupId: 'audio',
    name: track.id,
    language: null,
    isDefault: index === 0,
    autoselect: true,
    channels: [...track.inits.values()][0]?.channelCount ?? 2,
    uri: mediaPlaylistFile(track.id),
  }));
  // §4.4.6.2: BANDWIDTH counts the largest rendition of the audio group that plays with the variant.
  const audioPeak = Math.max(0, ...audioRates.map((r) => r.peak));
  const audioAverage = Math.max(0, ...audioRates.map((r) => r.average));
  return {
    audioRenditions,
    variants: video.map((track) => {
      const rate = recordedBitrate(track);
      return {
        uri: mediaPlaylistFile(track.id),
        bandwidth: rate.peak + audioPeak,
        averageBandwidth: rate.average + audioAverage,
        videoCodec: recordedCodecs(track).join(','),
        audioCodec: groupId ? audioCodecs : null,
        resolution: largestPicture(track),
        frameRate: recordedFrameRate(track) ?? null,
        audioGroupId: groupId,
      };
    }),
  };
}
