// §4.4.2.1: "The EXT-X-INDEPENDENT-SEGMENTS tag indicates that all media samples in a Media Segment can
// be decoded without information from other segments." True for us: every segment starts at a keyframe.
export function extXIndependentSegments(): string {
  return '#EXT-X-INDEPENDENT-SEGMENTS';
}
