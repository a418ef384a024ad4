import { quotedString } from '../attribute-list.ts';

// §4.4.5.3: "The EXT-X-PRELOAD-HINT tag allows a Client loading media from a live stream to reduce
// the time to obtain a resource from the Server by issuing its request before the resource is
// available to be delivered." §6.2.6: "A hinted resource MUST be available for request when its
// EXT-X-PRELOAD-HINT tag is added to the Playlist."
export function extXPreloadHintPart(uri: string): string {
  return `#EXT-X-PRELOAD-HINT:TYPE=PART,URI=${quotedString(uri)}`;
}
