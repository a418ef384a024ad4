import { decimalInteger } from '../attribute-list.ts';

// §4.4.1.2: "The EXT-X-VERSION tag indicates the compatibility version of the Playlist file, its
// associated media, and its server."
export function extXVersion(version: number): string {
  return `#EXT-X-VERSION:${decimalInteger(version)}`;
}

// §8 (protocol version compatibility): EXT-X-MAP in a Media Playlist needs version 6; "Contains the
// EXT-X-SKIP tag" needs version 9. The version describes the *server* too, so a server that offers
// delta updates (CAN-SKIP-UNTIL) says 9 in every playlist, not only in the delta responses: clients
// then never see the version jump between a full and a delta reload.
export const VERSION_FMP4 = 6;
export const VERSION_DELTA_UPDATES = 9;

export function mediaPlaylistVersion(offersDeltaUpdates: boolean): number {
  return offersDeltaUpdates ? VERSION_DELTA_UPDATES : VERSION_FMP4;
}
