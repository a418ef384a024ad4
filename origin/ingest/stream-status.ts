import type { StreamRecord } from '../../defs/stream.ts';
import type {
  IngestStatus,
  MediaStatus,
  OriginLatency,
  StreamStatus,
  ViewerCounts,
} from '../../defs/stream-status.ts';
import { measuredBitrate } from '../../packager/live/hls-snapshot.ts';
import type { LivePackager } from '../../packager/live/live-packager.ts';
import type { LiveStreams } from '../../packager/live/live-streams.ts';

// The shapes live in defs/ (the browser console reads them too).
export type { MediaStatus, StreamStatus };

/** Where a stream's status comes from: the publish registry, the live packagers, the delivery. */
export interface StreamStatusSources {
  ingest: { status(streamId: string): IngestStatus };
  live: Pick<LiveStreams, 'get'>;
  viewers: { counts(stream: string): ViewerCounts };
  publishDelays: { median(stream: string): number | null };
  now?: () => number;
}

const round = (value: number | undefined, digits: number) =>
  value === undefined ? null : Number(value.toFixed(digits));

/**
 * Wall-clock end (ms) of the newest part of the track that leads segment cuts: the live
 * edge a player can reach. Undefined while the track has no media.
 */
function liveEdgeMs(packager: LivePackager): number | undefined {
  const timeline = packager.tracks[packager.trackIds[0] ?? 'video'];
  const current = timeline?.inProgress;
  if (current?.parts.length) {
    let seconds = 0;
    for (const part of current.parts) seconds += part.duration;
    return current.programDateTimeMs + seconds * 1000;
  }
  const last = timeline?.segments.at(-1);
  return last ? last.programDateTimeMs + last.duration * 1000 : undefined;
}

function originLatency(
  packager: LivePackager | undefined,
  live: boolean,
  partPublishMs: number | null,
  now: number,
): OriginLatency {
  const edge = packager && live ? liveEdgeMs(packager) : undefined;
  const partTarget = packager?.partTarget;
  return {
    partPublishMs: partPublishMs === null ? null : Number(partPublishMs.toFixed(3)),
    edgeAgeMs: edge === undefined ? null : Math.round(now - edge),
    // As hls-snapshot.ts advertises it: three part targets.
    partHoldBackSeconds: partTarget === undefined ? null : Math.round(3 * partTarget * 100_000) / 100_000,
  };
}

export function mediaStatus(name: string, sources: StreamStatusSources): MediaStatus {
  const packager = sources.live.get(name);
  const video = packager?.tracks.video;
  const audio = packager?.tracks.audio;
  const videoTrack = video?.init?.track;
  const audioTrack = audio?.init?.track;
  const bits = (video ? measuredBitrate(video).average : 0) + (audio ? measuredBitrate(audio).average : 0);
  const ended = (video?.ended ?? true) && (audio?.ended ?? true);
  const live = packager !== undefined && !ended && (videoTrack !== undefined || audioTrack !== undefined);
  return {
    live,
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
    viewers: sources.viewers.counts(name),
    latency: originLatency(packager, live, sources.publishDelays.median(name), (sources.now ?? Date.now)()),
  };
}

export function streamStatus(stream: StreamRecord, sources: StreamStatusSources): StreamStatus {
  return { ingest: sources.ingest.status(stream.id), media: mediaStatus(stream.name, sources) };
}
