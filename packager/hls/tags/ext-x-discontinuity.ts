// §4.4.4.3: "The EXT-X-DISCONTINUITY tag indicates a discontinuity between the Media Segment that
// follows it and the one that preceded it." It must come before the segment's first EXT-X-PART.
export function extXDiscontinuity(): string {
  return '#EXT-X-DISCONTINUITY';
}
