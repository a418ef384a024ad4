/**
 * Output args for the SOURCE COPY: the packaging FFmpeg also writes what it reads, codecs
 * copied, as MPEG-TS on one more fd. Restream destinations are fed from it: the origin's
 * own copy of the source, never a second pull from the encoder, and a container any
 * destination can join at any point.
 */
export function sourceCopyArgs(fd: number): string[] {
  return [
    '-map',
    '0:v:0?',
    '-map',
    '0:a:0?',
    '-c',
    'copy',
    // every packet handed on at once: destinations are live too
    '-flush_packets',
    '1',
    '-f',
    'mpegts',
    `pipe:${fd}`,
  ];
}
