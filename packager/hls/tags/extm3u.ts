// §4.4.1.1: "The EXTM3U tag indicates that the file is an Extended M3U Playlist file. It MUST be the
// first line of every Media Playlist and every Multivariant Playlist."
export function extm3u(): string {
  return '#EXTM3U';
}
