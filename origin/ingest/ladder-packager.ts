import type { IngestContainer } from '../../defs/ingest.ts';
import type { LadderRung, StreamRecord } from '../../defs/stream.ts';
import type { VideoEncoderChoice } from '../../ffmpeg/hardware-encoders.ts';
import { ladderFor, type Rendition } from '../../ffmpeg/ladder.ts';
import { ladderArgs } from '../../ffmpeg/ladder-args.ts';
import { type ProbedSource, probeSource } from '../../ffmpeg/probe-source.ts';
import { LivePackager, type LivePackagerOptions } from '../../packager/live/live-packager.ts';

/** Bytes of a publisher's start that are enough to read its picture size and frame rate. */
const PROBE_BYTES = 512 * 1024;
const PROBE_WAIT_MS = 1500;
/** Assumed when the start of the feed cannot be read: the ladder still runs, scaled from it. */
const FALLBACK_SOURCE: ProbedSource = {
  width: 1280,
  height: 720,
  frameRate: 30,
  hasAudio: true,
  audioCodec: 'aac',
};

/** Track ids for a stream's ladder: `video-720p`, ...; a repeated size gets a suffix. */
export function ladderTrackIds(rungs: readonly LadderRung[]): string[] {
  const seen = new Map<number, number>();
  return rungs.map((rung) => {
    const count = (seen.get(rung.shortSide) ?? 0) + 1;
    seen.set(rung.shortSide, count);
    return `video-${rung.shortSide}p${count > 1 ? `-${count}` : ''}`;
  });
}

/** Each rung capped at the source on its own (so the rendition count, and the track ids, never change). */
export function renditionsFor(source: ProbedSource, rungs: readonly LadderRung[]): Rendition[] {
  return rungs.map((rung) => ladderFor(source, [rung])[0] as Rendition);
}

/**
 * Starts a ladder packager for a publisher: the first bytes are held (bounded) until
 * ffprobe has read the picture size and frame rate from them, then one FFmpeg encodes the
 * renditions sized to the source (never upscaled) and the held bytes go first.
 */
export function startLadderPackager(options: {
  stream: StreamRecord;
  rungs: readonly LadderRung[];
  container: () => IngestContainer;
  encoder: () => Promise<VideoEncoderChoice>;
  base: Omit<LivePackagerOptions, 'ffmpegArgs' | 'tracks' | 'renditions'>;
  onReady: (packager: LivePackager) => void;
  log: (message: string, fields: Record<string, unknown>) => void;
}): { write(bytes: Uint8Array): boolean; readonly packager: LivePackager | undefined; cancel(): void } {
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  let packager: LivePackager | undefined;
  let probing = false;
  let cancelled = false;
  const limit = options.base.fed?.maxPendingBytes ?? 16 * 1024 * 1024;

  const launch = async () => {
    if (probing) return;
    probing = true;
    clearTimeout(timer);
    const start = new Uint8Array(heldBytes);
    let offset = 0;
    for (const chunk of held) {
      start.set(chunk, offset);
      offset += chunk.length;
    }
    const source = await probeSource(start, options.container()).catch((error: Error) => {
      options.log('cannot read the source to size the ladder; assuming 720p30', { error: error.message });
      return FALLBACK_SOURCE;
    });
    const encoder = await options.encoder();
    if (cancelled) return;
    const renditions = renditionsFor(source, options.rungs);
    options.log('ladder sized to the source', {
      source: `${source.width}x${source.height}@${source.frameRate.toFixed(2)}`,
      renditions: renditions.map((r) => `${r.width}x${r.height}@${r.videoBitrateKbps}k`),
      encoder: encoder.encoder,
    });
    const created = new LivePackager({
      ...options.base,
      tracks: source.hasAudio ? ['video', 'audio'] : ['video'],
      renditions: ladderTrackIds(options.rungs),
      encoding: { encoder: encoder.encoder, reason: encoder.reason },
      ffmpegArgs: ({ sourceCopyFd }) =>
        ladderArgs({
          sourceCopyFd,
          input: { kind: 'stdin', format: options.container() },
          renditions,
          encoder: encoder.encoder,
          keyframeIntervalSeconds: options.stream.segmentTargetSeconds,
          frameRate: source.frameRate,
          audio: !source.hasAudio ? 'none' : source.audioCodec === 'aac' ? 'copy' : 'aac',
          producerReferenceTime: true,
        }),
    });
    for (const chunk of held.splice(0)) created.write(chunk);
    heldBytes = 0;
    packager = created;
    options.onReady(created);
  };
  const timer = setTimeout(() => void launch(), PROBE_WAIT_MS);

  return {
    get packager() {
      return packager;
    },
    write(bytes) {
      if (packager) return packager.write(bytes);
      if (heldBytes + bytes.length > limit) return false;
      held.push(bytes);
      heldBytes += bytes.length;
      if (heldBytes >= PROBE_BYTES) void launch();
      return true;
    },
    cancel() {
      cancelled = true;
      clearTimeout(timer);
      held.length = 0;
    },
  };
}
