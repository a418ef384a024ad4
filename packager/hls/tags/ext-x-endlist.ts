// §4.4.3.4: "The EXT-X-ENDLIST tag indicates that no more Media Segments will be added to the Media
// Playlist file."
export function extXEndlist(): string {
  return '#EXT-X-ENDLIST';
}
