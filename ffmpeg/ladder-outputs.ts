/**
 * Reading a ladder FFmpeg's outputs live: one fMP4 byte stream per video
 * rendition (fds 3..3+N-1) and one for audio (fd 3+N), the ladder-mode
 * counterpart of fragmented-outputs.ts.
 */
import type { Subprocess } from 'bun';
import { type ChildOutput, childOutputOn } from './child-output.ts';
import { ladderOutputFds } from './ladder-args.ts';

type StdioSlot = 'pipe' | 'ignore';

/** `stdio` for a ladder child: stdin, stdout ignored, stderr piped (diagnostics), then one pipe per output. */
export function ladderOutputStdio(
  renditionCount: number,
  audio = true,
  stdin: StdioSlot = 'ignore',
): StdioSlot[] {
  const outputs = renditionCount + (audio ? 1 : 0);
  return [stdin, 'ignore', 'pipe', ...Array.from({ length: outputs }, () => 'pipe' as const)];
}

export interface LadderOutputs {
  /** In rendition order. */
  video: ChildOutput[];
  audio?: ChildOutput;
}

/**
 * One output per rendition (and audio); each ends when FFmpeg closes its side. Call once
 * per process: reading `proc.stdio` transfers fd ownership to us.
 */
export function ladderOutputs(
  proc: Pick<Subprocess, 'stdio'>,
  renditionCount: number,
  audio = true,
): LadderOutputs {
  const fds = ladderOutputFds(renditionCount, audio);
  const stream = (childFd: number) => childOutputOn(proc, childFd, 'a ladder output');
  return {
    video: fds.video.map(stream),
    ...(fds.audio === undefined ? {} : { audio: stream(fds.audio) }),
  };
}
