// Test support: a real FLV source like an RTMP publisher sends (x264 with B-frames, AAC), made by
// FFmpeg from its test patterns; shared by the recorder's tests and the recording end-to-end test.
import { expect } from 'bun:test';

export interface FlvSourceOptions {
  seconds: number;
  width: number;
  height: number;
  /** Frames per second; a keyframe every `gopSeconds`. */
  fps?: number;
  gopSeconds?: number;
}

export function makeFlvSource(path: string, options: FlvSourceOptions): void {
  const fps = options.fps ?? 25;
  const gop = String(Math.round((options.gopSeconds ?? 2) * fps));
  const size = `${options.width}x${options.height}`;
  const make = Bun.spawnSync([
    'ffmpeg',
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${size}:rate=${fps}:duration=${options.seconds}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:duration=${options.seconds}`,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-g',
    gop,
    '-keyint_min',
    gop,
    '-sc_threshold',
    '0',
    '-bf',
    '2',
    '-c:a',
    'aac',
    '-b:a',
    '96k',
    '-f',
    'flv',
    path,
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
