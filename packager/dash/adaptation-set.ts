import { formatFrameRate } from './frame-rate.ts';
import type {
  AdaptationSetSnapshot,
  ProducerReferenceTimeSnapshot,
  RepresentationSnapshot,
  SegmentTemplateSnapshot,
} from './mpd-snapshot.ts';
import { segmentTimelineElement } from './segment-timeline.ts';
import type { XmlElement } from './xml-element.ts';
import { xsDateTime, xsDecimal, xsUnsigned } from './xml-schema-values.ts';

// 23009-1 §5.3.9.4 SegmentTemplate. DASH-IF LL-DASH: chunked segments are announced with
// @availabilityTimeOffset (> 0, < the segment duration) and @availabilityTimeComplete="false";
// dash.js switches to low-latency loading (fetch with a streamed body) on the latter.
// The availability attributes sit here, on the adaptation set, never on a representation
// (DASH-IF timing model: "Services SHALL NOT define MPD attributes that affect the availability
// window on the representation level").
function segmentTemplateElement(template: SegmentTemplateSnapshot): XmlElement {
  const lowLatency = template.availabilityTimeOffset > 0;
  return {
    name: 'SegmentTemplate',
    attributes: [
      ['timescale', xsUnsigned(template.timescale)],
      ['presentationTimeOffset', xsUnsigned(template.presentationTimeOffset)],
      ['initialization', template.initialization],
      ['media', template.media],
      ['startNumber', xsUnsigned(template.startNumber)],
      // Rounded down to the millisecond: rounding up would invite a request before its first chunk.
      [
        'availabilityTimeOffset',
        lowLatency ? xsDecimal(Math.floor(template.availabilityTimeOffset * 1000) / 1000) : undefined,
      ],
      ['availabilityTimeComplete', template.availabilityTimeComplete ? undefined : 'false'],
    ],
    children: [segmentTimelineElement(template.segments)],
  };
}

// §5.12 ProducerReferenceTime: a media time and the wall-clock time it was produced at, so a
// player can measure its latency against the encoder's clock (Latency@referenceId points here).
function producerReferenceTimeElement(reference: ProducerReferenceTimeSnapshot): XmlElement {
  return {
    name: 'ProducerReferenceTime',
    attributes: [
      ['id', xsUnsigned(reference.id)],
      ['type', 'encoder'],
      ['wallClockTime', xsDateTime(reference.wallClockTime)],
      ['presentationTime', xsUnsigned(reference.presentationTime)],
    ],
  };
}

// §5.8.4.7 / 23003-3: the channel configuration scheme whose value is the channel count.
const AUDIO_CHANNEL_CONFIGURATION = 'urn:mpeg:dash:23003:3:audio_channel_configuration:2011';

function representationElement(representation: RepresentationSnapshot): XmlElement {
  const optional = (value: number | undefined) => (value === undefined ? undefined : xsUnsigned(value));
  return {
    name: 'Representation',
    attributes: [
      ['id', representation.id],
      ['bandwidth', xsUnsigned(representation.bandwidth)],
      ['codecs', representation.codecs],
      ['width', optional(representation.width)],
      ['height', optional(representation.height)],
      ['frameRate', representation.frameRate ? formatFrameRate(representation.frameRate) : undefined],
      ['audioSamplingRate', optional(representation.audioSamplingRate)],
    ],
    children:
      representation.audioChannels === undefined
        ? []
        : [
            {
              name: 'AudioChannelConfiguration',
              attributes: [
                ['schemeIdUri', AUDIO_CHANNEL_CONFIGURATION],
                ['value', xsUnsigned(representation.audioChannels)],
              ],
            },
          ],
  };
}

/**
 * One media type per adaptation set (DASH-IF; separate fMP4 per track). Children in schema order:
 * ProducerReferenceTime (RepresentationBaseType), SegmentTemplate, Representation...
 * `startWithSAP=1`: every segment starts with a closed-GOP IDR (video segments are cut on
 * keyframes, every AAC frame is a sync sample); `segmentAlignment`: renditions of the set share
 * segment boundaries (one timeline for all of them).
 */
export function adaptationSetElement(adaptationSet: AdaptationSetSnapshot): XmlElement {
  return {
    name: 'AdaptationSet',
    attributes: [
      ['id', xsUnsigned(adaptationSet.id)],
      ['contentType', adaptationSet.contentType],
      ['mimeType', adaptationSet.mimeType],
      ['segmentAlignment', 'true'],
      ['startWithSAP', '1'],
    ],
    children: [
      ...(adaptationSet.producerReferenceTime
        ? [producerReferenceTimeElement(adaptationSet.producerReferenceTime)]
        : []),
      segmentTemplateElement(adaptationSet.segmentTemplate),
      ...adaptationSet.representations.map(representationElement),
    ],
  };
}
