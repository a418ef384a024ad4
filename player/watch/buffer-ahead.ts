/**
 * Seconds of media buffered ahead of the playhead: the end of the range the playhead is in
 * (or within 0.1 s before, where a player starting at a keyframe waits), else 0.
 */
export function bufferAhead(video: Pick<HTMLVideoElement, 'buffered' | 'currentTime'>): number {
  const ranges = video.buffered;
  for (let i = 0; i < ranges.length; i++) {
    if (ranges.start(i) <= video.currentTime + 0.1 && video.currentTime < ranges.end(i))
      return ranges.end(i) - video.currentTime;
  }
  return 0;
}
