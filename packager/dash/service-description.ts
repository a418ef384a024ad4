import type { ServiceDescriptionSnapshot } from './mpd-snapshot.ts';
import type { XmlElement } from './xml-element.ts';
import { xsDecimal, xsUnsigned } from './xml-schema-values.ts';

// 23009-1 Annex K.4: Latency@target/min/max in milliseconds, PlaybackRate@min/max as factors.
// dash.js takes its live delay from Latency@target and its catch-up rates from PlaybackRate
// (LOW-LATENCY.md, Players); the DASH-IF LL-DASH guidelines require both.
export function serviceDescriptionElement(description: ServiceDescriptionSnapshot): XmlElement {
  const { latency, playbackRate } = description;
  return {
    name: 'ServiceDescription',
    attributes: [['id', '0']],
    children: [
      {
        name: 'Latency',
        attributes: [
          ['referenceId', latency.referenceId === null ? undefined : xsUnsigned(latency.referenceId)],
          ['target', xsUnsigned(latency.targetMs)],
          ['min', xsUnsigned(latency.minMs)],
          ['max', xsUnsigned(latency.maxMs)],
        ],
      },
      {
        name: 'PlaybackRate',
        attributes: [
          ['min', xsDecimal(playbackRate.min)],
          ['max', xsDecimal(playbackRate.max)],
        ],
      },
    ],
  };
}
