import type { MultivariantPlaylistSnapshot } from './multivariant-snapshot.ts';
import { extXIndependentSegments } from './tags/ext-x-independent-segments.ts';
import { extXMediaAudio } from './tags/ext-x-media.ts';
import { extXStreamInf } from './tags/ext-x-stream-inf.ts';
import { extXVersion, VERSION_DELTA_UPDATES } from './tags/ext-x-version.ts';
import { extm3u } from './tags/extm3u.ts';

export interface MultivariantRenderOptions {
  /** EXT-X-VERSION; defaults to the version our media playlists declare when they offer delta updates. */
  readonly version?: number;
}

/**
 * Renders the multivariant playlist: header, audio renditions, then one variant per ladder rung.
 * Pure: the same snapshot always gives the same text, ending in a newline.
 */
export function renderMultivariantPlaylist(
  snapshot: MultivariantPlaylistSnapshot,
  options: MultivariantRenderOptions = {},
): string {
  const audioGroups = new Set(snapshot.audioRenditions.map((rendition) => rendition.groupId));
  for (const variant of snapshot.variants) {
    // §4.4.6.2: "AUDIO ... MUST match the value of the GROUP-ID attribute of an EXT-X-MEDIA tag
    // elsewhere in the Multivariant Playlist whose TYPE attribute is AUDIO."
    if (variant.audioGroupId !== null && !audioGroups.has(variant.audioGroupId)) {
      throw new RangeError(`variant ${variant.uri} names unknown audio group ${variant.audioGroupId}`);
    }
  }

  const lines = [
    extm3u(),
    extXVersion(options.version ?? VERSION_DELTA_UPDATES),
    extXIndependentSegments(),
    ...snapshot.audioRenditions.map(extXMediaAudio),
    ...snapshot.variants.flatMap(extXStreamInf),
  ];
  return `${lines.join('\n')}\n`;
}
