import type { StreamRecord } from '../../defs/stream.ts';
import type { IngestStatus } from '../../ingest/ingest-status.ts';
import { measuredBitrate } from '../../packager/live/hls-snapshot.ts';
import type { LivePackager } from '../../packager/live/live-packager.ts';

/** What the media looks like once packaged: read from the init segments and the live timeline. */
export interface MediaStatus {
  live: boolean;
  videoCodec: string | null;
  audioCodec: string | null;
  width: number | null;
  height: number | null;
  frameRate: number | null;
  keyframeIntervalSeconds: number | null;
  /** Average media bitrate over the playlist window, kilobits per second. */
  bitrateKbps: number;
  audioSampleRate: number | null;
  audioChannels: number | null;
  partTargetSeconds: number | null;
  partsProduced: number;
  /** `copy` in passthrough; else the ladder's encoder (a hardware one, or libx264). */
  encoder: string;
  /** Why that encoder: the hardware encoders FFmpeg lists and why each was not used. */
  encoderReason: string | null;
  /** Video renditions (track ids), best first. */
  renditions: string[];
}

export interface StreamStatus {
  ingest: IngestStatus;
  media: MediaStatus;
}

const round = (value: number | undefined, digits: number) =>
  value === undefined ? null : Number(value.toFixed(digits));

export function mediaStatus(packager: LivePackager | undefined): MediaStatus {
  const video = packager?.tracks.video;
  const audio = packager?.tracks.audio;
  const videoTrack = video?.init?.track;
  const audioTrack = audio?.init?.track;
  const bits = (video ? measuredBitrate(video).average : 0) + (audio ? measuredBitrate(audio).average : 0);
  const ended = (video?.ended ?? true) && (audio?.ended ?? true);
  return {
    live: packager !== undefined && !ended && (videoTrack !== undefined || audioTrack !== undefined),
    videoCodec: videoTrack?.codec ?? null,
    audioCodec: audioTrack?.codec ?? null,
    width: videoTrack?.width ?? null,
    height: videoTrack?.height ?? null,
    frameRate: round(packager?.frameRate, 3),
    keyframeIntervalSeconds: round(packager?.keyframeInterval, 3),
    bitrateKbps: packager && bits > 2 ? Math.round(bits / 1000) : 0,
    audioSampleRate: audioTrack?.sampleRate ?? null,
    audioChannels: audioTrack?.channelCount ?? null,
    partTargetSeconds: round(packager?.partTarget, 4),
    partsProduced: packager?.partsProduced ?? 0,
    encoder: packager?.encoding?.encoder ?? 'copy',
    encoderReason: packager?.encoding?.reason ?? null,
    renditions: packager?.trackIds.filter((id) => id.startsWith('video')) ?? [],
  };
}

export function streamStatus(
  stream: StreamRecord,
  ingest: { status(streamId: string): IngestStatus },
  packager: LivePackager | undefined,
): StreamStatus {
  return { ingest: ingest.status(stream.id), media: mediaStatus(packager) };
}
