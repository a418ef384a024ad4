/**
 * The media the ingest benches publish, encoded once per run so that publishing it
 * (`-re -stream_loop -1 -c copy`) costs a remux, not an encode: x264 ultrafast
 * zerolatency (no B-frames), fixed GOP, constant-ish bitrate, AAC, in FLV.
 */
import { join } from 'node:path';

export interface SourceFileOptions {
  dir: string;
  seconds: number;
  size?: string;
  frameRate?: number;
  gopSeconds?: number;
  videoKbps?: number;
}

export function encodeSourceFile(options: SourceFileOptions): string {
  const rate = options.frameRate ?? 25;
  const gop = String(Math.round((options.gopSeconds ?? 1) * rate));
  const kbps = options.videoKbps ?? 1000;
  const path = join(options.dir, 'source.flv');
  const made = Bun.spawnSync([
    'ffmpeg',
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...[
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${options.size ?? '640x360'}:rate=${rate}:duration=${options.seconds}`,
    ],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${options.seconds}`],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p'],
    // Keyframes exactly every GOP: segments and parts line up the same way in every run.
    ...['-g', gop, '-keyint_min', gop, '-sc_threshold', '0'],
    // Capped so every second of the loop carries about the same bytes (testsrc2 is easy to code).
    ...['-b:v', `${kbps}k`, '-maxrate', `${kbps}k`, '-bufsize', `${kbps}k`],
    ...['-c:a', 'aac', '-b:a', '64k'],
    ...['-f', 'flv', path],
  ]);
  if (made.exitCode !== 0) throw new Error(`cannot encode the source file: ${made.stderr.toString()}`);
  return path;
}
