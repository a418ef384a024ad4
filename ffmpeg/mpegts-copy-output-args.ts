/**
 * Generated and pulled MPEG-TS sources (demo, slate, pulls) write on this fd, not stdout:
 * an extra pipe slot is a socket the origin reads with childOutput (child-output.ts), one
 * recv per chunk, where stdout would be read as a ReadableStream.
 */
export const TS_SOURCE_FD = 3;

/**
 * Output args for an MPEG-TS COPY of the input (first video and audio, codecs copied) on
 * a pipe. Pull sources hand it to the origin on TS_SOURCE_FD; the packaging FFmpeg writes one as
 * the SOURCE COPY that restream destinations are fed from: the origin's own copy of the
 * source, never a second pull from the encoder, in a container anyone can join at any point.
 */
export function mpegtsCopyOutputArgs(fd: number): string[] {
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
