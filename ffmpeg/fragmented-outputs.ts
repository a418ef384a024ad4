/**
 * Reading FFmpeg's per-track fMP4 outputs live, from extra child fds.
 *
 * Chosen empirically on Bun 1.4.5 + ffmpeg 5.1 over named pipes (Node has no
 * mkfifo: it needs another process and a path to clean up) and unix sockets
 * (one listener and path per track): `pipe:3`/`pipe:4` with
 * `stdio: [..., 'pipe', 'pipe']` needs neither, dies with the child, and
 * delivered every 720p30 frame ~20 ms (p50) after the best-case frame.
 *
 * Bun backs extra 'pipe' slots with socketpairs; child-output.ts reads them
 * through Bun's socket layer and closes them when done.
 */
import type { Subprocess } from 'bun';
import { type ChildOutput, childOutputOn } from './child-output.ts';
import { TRACK_OUTPUT_FD, type TrackKind } from './fmp4-track-output-args.ts';

/** The `stdio` array for a child that writes fMP4 tracks on fds 3 and 4. */
export function fragmentedOutputStdio(
  stdin: 'pipe' | 'ignore' = 'ignore',
): ['pipe' | 'ignore', 'ignore', 'pipe', 'pipe', 'pipe'] {
  return [stdin, 'ignore', 'pipe', 'pipe', 'pipe'];
}

export type FragmentedOutputs = Record<TrackKind, ChildOutput>;

/**
 * One output per track. Each ends when FFmpeg closes its side, and its fd is
 * closed when it ends or its reader fails (FFmpeg then gets EPIPE).
 * Call once per process: reading `proc.stdio` transfers fd ownership to us.
 */
export function fragmentedOutputs(proc: Pick<Subprocess, 'stdio'>): FragmentedOutputs {
  return {
    video: childOutputOn(proc, TRACK_OUTPUT_FD.video, 'video'),
    audio: childOutputOn(proc, TRACK_OUTPUT_FD.audio, 'audio'),
  };
}
