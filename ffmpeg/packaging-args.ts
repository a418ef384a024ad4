/**
 * Argv for the live packager in PASSTHROUGH mode: one input (a URL FFmpeg can
 * open, or FLV/MPEG-TS bytes on stdin) remuxed without re-encoding into one
 * fragmented MP4 per track on fds 3 and 4.
 *
 *   FLV | MPEG-TS ──> ffmpeg -c copy ──> fd 3: ftyp moov ([prft] moof mdat)*  (video)
 *                                   └──> fd 4: ftyp moov ([prft] moof mdat)*  (audio)
 *
 * Each output's tfdt starts at 0 at its own first sample (empty_moov cannot
 * carry an edit list); prft wall clocks let the reader align the two tracks.
 */
import { type FfmpegLogLevel, quietGlobalArgs } from './ffmpeg-log-level.ts';
import { TRACK_OUTPUT_FD, type TrackKind, trackOutputArgs } from './fmp4-track-output-args.ts';
import { liveInputArgs, liveInputContainer } from './live-input-args.ts';
import { mpegtsCopyOutputArgs } from './mpegts-copy-output-args.ts';

export type ContainerFormat = 'flv' | 'mpegts';

export type PackagingInput =
  | {
      kind: 'url';
      url: string;
      /** Container hint, when the URL's scheme does not say. */
      format?: ContainerFormat;
      /** A file played as if live: read at its native rate, looped forever (a looped slate, a benchmark). */
      asLive?: boolean;
    }
  | { kind: 'stdin'; format: ContainerFormat };

export interface PackagingOptions {
  input: PackagingInput;
  /** Tracks the source carries; an output with no stream makes FFmpeg exit. */
  tracks?: readonly TrackKind[];
  /** Probe window. FFmpeg's 5 s default delays the first fragment (measured: 1.5 s FLV, 5.6 s MPEG-TS). */
  analyzeDurationUs?: number;
  producerReferenceTime?: boolean;
  logLevel?: FfmpegLogLevel;
  /** Also write the source, codecs copied, as MPEG-TS on this fd (restream feeds; see mpegts-copy-output-args.ts). */
  sourceCopyFd?: number;
}

/** 0.5 s: the smallest window that still found AAC parameters in MPEG-TS on ffmpeg 5.1 (0.2 s failed). */
export const DEFAULT_ANALYZE_DURATION_US = 500_000;

export function packagingArgs(options: PackagingOptions): string[] {
  const tracks = options.tracks ?? ['video', 'audio'];
  const args = [
    ...quietGlobalArgs(options.logLevel),
    // Not `-fflags +nobuffer`: on ffmpeg 5.1 it discards the packets read while
    // probing, so the first GOP is lost and the first video fragment comes later.
    '-analyzeduration',
    String(options.analyzeDurationUs ?? DEFAULT_ANALYZE_DURATION_US),
    ...liveInputArgs(options.input),
  ];
  for (const track of tracks) {
    args.push('-map', track === 'video' ? '0:v:0' : '0:a:0', '-c', 'copy');
    // MPEG-TS carries AAC with ADTS headers; MP4 wants raw frames plus an
    // AudioSpecificConfig, and ffmpeg 5.1 does not insert this filter itself.
    if (track === 'audio' && liveInputContainer(options.input) === 'mpegts')
      args.push('-bsf:a', 'aac_adtstoasc');
    args.push(
      ...trackOutputArgs({
        fd: TRACK_OUTPUT_FD[track],
        producerReferenceTime: options.producerReferenceTime,
      }),
    );
  }
  if (options.sourceCopyFd !== undefined) args.push(...mpegtsCopyOutputArgs(options.sourceCopyFd));
  return args;
}
