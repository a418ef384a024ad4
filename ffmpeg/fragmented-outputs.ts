/**
 * Reading FFmpeg's per-track fMP4 outputs live, from extra child fds.
 *
 * Chosen empirically on Bun 1.4.5 + ffmpeg 5.1 over named pipes (Node has no
 * mkfifo: it needs another process and a path to clean up) and unix sockets
 * (one listener and path per track): `pipe:3`/`pipe:4` with
 * `stdio: [..., 'pipe', 'pipe']` needs neither, dies with the child, and
 * delivered every 720p30 frame ~20 ms (p50) after the best-case frame.
 *
 * Facts that shape the code below:
 * - Bun backs extra 'pipe' slots with socketpairs and hands the parent end to
 *   whoever reads `proc.stdio`; nobody closes it for us (leaks one fd per run).
 * - The fd is non-blocking: node:fs createReadStream fails with EAGAIN;
 *   `Bun.file(fd).stream()` polls it correctly.
 */
import { closeSync } from 'node:fs';
import type { Subprocess } from 'bun';
import { TRACK_OUTPUT_FD, type TrackKind } from './fmp4-track-output-args.ts';
import { ownedFdStream } from './owned-fd-stream.ts';

/** The `stdio` array for a child that writes fMP4 tracks on fds 3 and 4. */
export function fragmentedOutputStdio(
  stdin: 'pipe' | 'ignore' = 'ignore',
): ['pipe' | 'ignore', 'ignore', 'pipe', 'pipe', 'pipe'] {
  return [stdin, 'ignore', 'pipe', 'pipe', 'pipe'];
}

export type FragmentedOutputs = Record<TrackKind, ReadableStream<Uint8Array>>;

/**
 * One byte stream per track. Each ends when FFmpeg closes its side, and its fd
 * is closed when the stream ends or the reader cancels (FFmpeg then gets EPIPE).
 * Call once per process: reading `proc.stdio` transfers fd ownership to us.
 */
export function fragmentedOutputs(proc: Pick<Subprocess, 'stdio'>): FragmentedOutputs {
  const fds = proc.stdio;
  return {
    video: ownedFdStream(requireFd(fds[TRACK_OUTPUT_FD.video], 'video')),
    audio: ownedFdStream(requireFd(fds[TRACK_OUTPUT_FD.audio], 'audio')),
  };
}

function requireFd(fd: number | null | undefined, track: TrackKind): number {
  if (typeof fd !== 'number')
    throw new Error(`child has no pipe on fd ${TRACK_OUTPUT_FD[track]} for ${track}`);
  return fd;
}
