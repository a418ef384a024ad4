// Test support: a real FLV source like an RTMP publisher sends (x264 with B-frames, AAC), made by
// FFmpeg from its test patterns; shared by the recorder's tests and the recording end-to-end test.
import { expect } from 'bun:test';
import { testPatternClipArgs } from '../../ffmpeg/test-pattern-clip-args.ts';

export interface FlvSourceOptions {
  seconds: number;
  width: number;
  height: number;
  /** Frames per second; a keyframe every `gopSeconds`. */
  fps?: number;
  gopSeconds?: number;
}

export function makeFlvSource(path: string, options: FlvSourceOptions): void {
  const make = Bun.spawnSync([
    'ffmpeg',
    ...testPatternClipArgs({
      width: options.width,
      height: options.height,
      frameRate: options.fps ?? 25,
      seconds: options.seconds,
      keyframeSeconds: options.gopSeconds ?? 2,
      bFrames: 2,
      preset: 'veryfast',
      format: 'flv',
      output: path,
    }),
  ]);
  expect(make.exitCode).toBe(0);
}

/** Frames ffprobe decodes from a file (`-count_frames`), and whether it reported any error. */
export function decodedFrames(path: string, stream: 'v:0' | 'a:0'): { frames: number; errors: string } {
  const probe = Bun.spawnSync([
    'ffprobe',
    '-v',
    'error',
    '-count_frames',
    '-select_streams',
    stream,
    '-show_entries',
    'stream=nb_read_frames',
    '-of',
    'csv=p=0',
    path,
  ]);
  return { frames: Number(probe.stdout.toString().trim()), errors: probe.stderr.toString().trim() };
}
