/**
 * Argv for the live packager in LADDER mode: one FFmpeg decodes the source once
 * and encodes N video renditions, each written as its own fragmented MP4.
 *
 *                                          ┌─ [fps/d] scale ─> H.264 ─> fd 3      (rendition 0)
 *   FLV | MPEG-TS ─> decode ─ fps ─ split ─┼─ [fps/d] scale ─> H.264 ─> fd 4      (rendition 1)
 *                                          └─ ...                   ─> fd 3+N-1
 *                 └─ audio: copy (AAC) or encode to AAC ───────────────> fd 3+N
 *
 * Keyframes fall at the same instants in every rendition (keyframe-cadence.ts),
 * so segment boundaries line up and players switch cleanly. Each output is the
 * same live fMP4 as passthrough mode (fmp4-track-output-args.ts).
 */
import { type FfmpegLogLevel, quietGlobalArgs } from './ffmpeg-log-level.ts';
import { TRACK_OUTPUT_FD, trackOutputArgs } from './fmp4-track-output-args.ts';
import { dividedFrameRate, frameRateArg, frameRateFraction, frameRateValue } from './frame-rate.ts';
import { keyframeCadence } from './keyframe-cadence.ts';
import type { Rendition } from './ladder.ts';
import { LADDER_LIMITS } from './ladder.ts';
import { liveInputArgs, liveInputContainer } from './live-input-args.ts';
import { mpegtsCopyOutputArgs } from './mpegts-copy-output-args.ts';
import { DEFAULT_ANALYZE_DURATION_US, type PackagingInput } from './packaging-args.ts';
import {
  encoderDeviceArgs,
  encoderInputFilters,
  encoderPixelFormat,
  type H264Encoder,
  videoEncoderArgs,
} from './video-encoder-args.ts';

/** `copy` when the source's audio is already AAC; `none` for a source without audio (an unmapped output would make FFmpeg exit). */
export type LadderAudio = 'copy' | 'aac' | 'none';

export interface LadderOptions {
  input: PackagingInput;
  /** From `ladderFor`; one output per rendition, in this order. */
  renditions: readonly Rendition[];
  encoder: H264Encoder;
  keyframeIntervalSeconds: number;
  /** The source's frame rate: the ladder runs at this constant rate (renditions at integer fractions of it). */
  frameRate: number;
  audio: LadderAudio;
  /** When `audio` is `aac`; default 128. */
  audioBitrateKbps?: number;
  producerReferenceTime?: boolean;
  analyzeDurationUs?: number;
  logLevel?: FfmpegLogLevel;
  /** For `h264_vaapi`; default /dev/dri/renderD128. */
  vaapiDevice?: string;
  /** Also write the source, codecs copied, as MPEG-TS on this fd (restream feeds). */
  sourceCopyFd?: number;
}

export interface LadderOutputFds {
  /** One per rendition, in rendition order: 3, 4, ... */
  video: number[];
  /** After the last video fd; absent when the ladder has no audio. */
  audio?: number;
}

/** Video renditions on fds 3..3+N-1, audio on 3+N. */
export function ladderOutputFds(renditionCount: number, audio = true): LadderOutputFds {
  const first = TRACK_OUTPUT_FD.video;
  const video = Array.from({ length: renditionCount }, (_, index) => first + index);
  return audio ? { video, audio: first + renditionCount } : { video };
}

export function ladderArgs(options: LadderOptions): string[] {
  const { renditions, encoder } = options;
  checkRenditions(options);
  const frameRate = frameRateFraction(options.frameRate);
  const cadence = keyframeCadence({
    intervalSeconds: options.keyframeIntervalSeconds,
    frameRate,
    frameRateDivisors: renditions.map((rendition) => rendition.frameRateDivisor),
  });
  const fds = ladderOutputFds(renditions.length, options.audio !== 'none');
  const args = [
    ...quietGlobalArgs(options.logLevel),
    ...encoderDeviceArgs(encoder, options.vaapiDevice),
    // see packaging-args.ts: a short probe window gets the first fragment out sooner.
    '-analyzeduration',
    String(options.analyzeDurationUs ?? DEFAULT_ANALYZE_DURATION_US),
    ...liveInputArgs(options.input),
    '-filter_complex',
    ladderFilterGraph(options),
  ];
  renditions.forEach((rendition, index) => {
    args.push(
      '-map',
      `[v${index}]`,
      ...videoEncoderArgs(encoder, rendition, {
        gopFrames: cadence.gopFrames / rendition.frameRateDivisor,
        forceKeyFrames: cadence.forceKeyFrames,
      }),
      ...trackOutputArgs({
        fd: fds.video[index] as number,
        producerReferenceTime: options.producerReferenceTime,
      }),
    );
  });
  if (fds.audio !== undefined) {
    args.push('-map', '0:a:0', ...audioArgs(options));
    args.push(...trackOutputArgs({ fd: fds.audio, producerReferenceTime: options.producerReferenceTime }));
  }
  if (options.sourceCopyFd !== undefined) args.push(...mpegtsCopyOutputArgs(options.sourceCopyFd));
  return args;
}

/**
 * One decode, one constant-rate stream, one split:
 *   [0:v:0]fps=R,format=yuv420p|nv12,split=N[in0]...;[in0]scale=W:H,setsar=1[v0];[in1]fps=R/2,scale=...[v1]
 * The `fps` before the split makes frame timestamps identical in every branch
 * (and regular even when RTMP's millisecond timestamps jitter), which is what
 * lets time-forced keyframes coincide.
 */
export function ladderFilterGraph(
  options: Pick<LadderOptions, 'renditions' | 'encoder' | 'frameRate'>,
): string {
  const frameRate = frameRateFraction(options.frameRate);
  const count = options.renditions.length;
  const branches = options.renditions.map((_, index) => `[in${index}]`).join('');
  const pixelFormat = encoderPixelFormat(options.encoder);
  const head = `[0:v:0]fps=${frameRateArg(frameRate)},format=${pixelFormat},split=${count}${branches}`;
  const tails = options.renditions.map((rendition, index) => {
    const filters = [
      // drop frames before scaling them: half the scaling work at half rate.
      ...(rendition.frameRateDivisor > 1
        ? [`fps=${frameRateArg(dividedFrameRate(frameRate, rendition.frameRateDivisor))}`]
        : []),
      `scale=${rendition.width}:${rendition.height}`,
      // sizes are computed from the display aspect ratio: square pixels out.
      'setsar=1',
      ...encoderInputFilters(options.encoder),
    ];
    return `[in${index}]${filters.join(',')}[v${index}]`;
  });
  return [head, ...tails].join(';');
}

function audioArgs(options: LadderOptions): string[] {
  if (options.audio === 'copy')
    // MPEG-TS carries AAC with ADTS headers; MP4 wants raw frames plus an AudioSpecificConfig.
    return liveInputContainer(options.input) === 'mpegts'
      ? ['-c:a', 'copy', '-bsf:a', 'aac_adtstoasc']
      : ['-c:a', 'copy'];
  // stereo: what every browser plays; 5.1 sources are downmixed.
  return ['-c:a', 'aac', '-b:a', `${options.audioBitrateKbps ?? 128}k`, '-ac', '2'];
}

function checkRenditions(options: LadderOptions): void {
  const { renditions } = options;
  if (renditions.length === 0 || renditions.length > LADDER_LIMITS.maxRenditions)
    throw new Error(`ladder needs 1 to ${LADDER_LIMITS.maxRenditions} renditions, got ${renditions.length}`);
  const sourceFps = frameRateValue(frameRateFraction(options.frameRate));
  for (const rendition of renditions) {
    const label = `rendition ${rendition.name}`;
    if (!isEvenPositive(rendition.width) || !isEvenPositive(rendition.height))
      throw new Error(
        `${label}: size must be even positive integers, got ${rendition.width}x${rendition.height}`,
      );
    for (const kbps of [rendition.videoBitrateKbps, rendition.maxrateKbps, rendition.bufsizeKbps])
      if (!Number.isInteger(kbps) || kbps <= 0)
        throw new Error(`${label}: bitrates must be positive integers (kbps), got ${kbps}`);
    if (Math.abs(rendition.frameRate * rendition.frameRateDivisor - sourceFps) > 0.01)
      throw new Error(
        `${label}: frame rate ${rendition.frameRate} is not ${sourceFps} / ${rendition.frameRateDivisor}`,
      );
  }
}

function isEvenPositive(value: number): boolean {
  return Number.isInteger(value) && value > 0 && value % 2 === 0;
}
