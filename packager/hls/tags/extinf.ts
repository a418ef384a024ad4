// §4.4.4.1: "The EXTINF tag specifies the duration of a Media Segment. ... #EXTINF:<duration>,[<title>]"
// Always five decimals (as FFmpeg and gohlslib print it) so the line width never depends on the value.
export function extinf(duration: number): string {
  if (!Number.isFinite(duration) || duration < 0) {
    throw new RangeError(`not a segment duration: ${duration}`);
  }
  return `#EXTINF:${duration.toFixed(5)},`;
}
