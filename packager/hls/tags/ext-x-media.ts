import { attributeList, decimalInteger, quotedString, yesNo } from '../attribute-list.ts';
import type { AudioRenditionSnapshot } from '../multivariant-snapshot.ts';

// §4.4.6.1: "The EXT-X-MEDIA tag is used to relate Media Playlists that contain alternative Renditions
// of the same content." TYPE, GROUP-ID and NAME are REQUIRED; "CHANNELS ... is a quoted-string that
// specifies an ordered, backslash-separated ("/") list of parameters", the first being the channel count.
export function extXMediaAudio(rendition: AudioRenditionSnapshot): string {
  return `#EXT-X-MEDIA:${attributeList([
    ['TYPE', 'AUDIO'],
    ['GROUP-ID', quotedString(rendition.groupId)],
    ['LANGUAGE', rendition.language === null ? undefined : quotedString(rendition.language)],
    ['NAME', quotedString(rendition.name)],
    ['DEFAULT', yesNo(rendition.isDefault)],
    ['AUTOSELECT', yesNo(rendition.autoselect)],
    ['CHANNELS', quotedString(decimalInteger(rendition.channels))],
    ['URI', quotedString(rendition.uri)],
  ])}`;
}
