// §4.4.3.5: "The EXT-X-PLAYLIST-TYPE tag provides mutability information about the Media Playlist
// file." "If the EXT-X-PLAYLIST-TYPE value is VOD, the Media Playlist cannot change." A recording's
// playlists are written once, when it is finalised.
export function extXPlaylistTypeVod(): string {
  return '#EXT-X-PLAYLIST-TYPE:VOD';
}
