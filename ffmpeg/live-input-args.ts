/**
 * The input half of a live packaging command (passthrough or ladder): a URL
 * FFmpeg opens itself, or FLV/MPEG-TS bytes on stdin.
 * Shared by packaging-args.ts (passthrough) and ladder-args.ts.
 */
import type { ContainerFormat, PackagingInput } from './packaging-args.ts';

export function liveInputArgs(input: PackagingInput): string[] {
  if (input.kind === 'stdin') return ['-f', input.format, '-i', 'pipe:0'];
  // -re paces reading at the media's own rate; -stream_loop -1 restarts the file at its end.
  const live = input.asLive ? ['-re', '-stream_loop', '-1'] : [];
  return [...live, ...(input.format ? ['-f', input.format] : []), '-i', input.url];
}

/** The container the input carries, when known: MPEG-TS audio needs `aac_adtstoasc` before MP4. */
export function liveInputContainer(input: PackagingInput): ContainerFormat | undefined {
  if (input.format) return input.format;
  if (input.kind === 'url' && /^(srt|udp|rtp):/i.test(input.url)) return 'mpegts';
  return undefined;
}
