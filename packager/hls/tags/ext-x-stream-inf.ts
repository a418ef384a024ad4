import { attributeList, decimalInteger, decimalResolution, quotedString } from '../attribute-list.ts';
import type { VariantSnapshot } from '../multivariant-snapshot.ts';

// §4.4.6.2: "The EXT-X-STREAM-INF tag specifies a Variant Stream ... The URI line that follows the
// EXT-X-STREAM-INF tag specifies a Media Playlist". §6.2.4: "the [CODECS] attribute value MUST include
// every media format [RFC6381] present in any Media Segment in any of the Renditions specified by the
// Variant Stream", hence video and audio joined. "FRAME-RATE ... rounded to three decimal places".
export function extXStreamInf(variant: VariantSnapshot): string[] {
  const codecs = [variant.videoCodec, variant.audioCodec].filter((codec) => codec !== null).join(',');
  const attributes = attributeList([
    ['BANDWIDTH', decimalInteger(Math.ceil(variant.bandwidth))],
    [
      'AVERAGE-BANDWIDTH',
      variant.averageBandwidth === null ? undefined : decimalInteger(Math.ceil(variant.averageBandwidth)),
    ],
    ['CODECS', codecs === '' ? undefined : quotedString(codecs)],
    [
      'RESOLUTION',
      variant.resolution === null
        ? undefined
        : decimalResolution(variant.resolution.width, variant.resolution.height),
    ],
    ['FRAME-RATE', variant.frameRate === null ? undefined : variant.frameRate.toFixed(3)],
    ['AUDIO', variant.audioGroupId === null ? undefined : quotedString(variant.audioGroupId)],
  ]);
  return [`#EXT-X-STREAM-INF:${attributes}`, variant.uri];
}
