import { findBox, findBoxes, iterateBoxes } from '../fmp4/box-iterator.ts';
import { BOX } from '../fmp4/box-types.ts';
import { readUint8, readUint32, readUint64 } from '../fmp4/bytes.ts';

/** What the VOD manifests need of a segment that TrackTimeline does not keep. */
export interface SegmentMediaFacts {
  /** `baseMediaDecodeTime` of its first fragment (its S@t in a DASH SegmentTimeline). */
  decodeTime: number | undefined;
  /** Samples in all its fragments (frames, for video): the recording's frame rate. */
  samples: number | undefined;
}

/**
 * Reads a segment's fragments:
 *
 *   moof (one per fragment)
 *   +- traf
 *      +- tfdt   version(1) flags(3) baseMediaDecodeTime(4 | 8 when version 1)
 *      +- trun   version(1) flags(3) sample_count(4) ...
 *
 * Unparseable bytes give undefined facts; the caller copes (they are recorded as they are).
 */
export function segmentMediaFacts(bytes: Uint8Array): SegmentMediaFacts {
  let decodeTime: number | undefined;
  let samples = 0;
  try {
    for (const box of iterateBoxes(bytes)) {
      if (box.type !== BOX.moof) continue;
      if (decodeTime === undefined) {
        const tfdt = findBox(box.payload, [BOX.traf, BOX.tfdt])?.payload;
        if (tfdt) decodeTime = readUint8(tfdt, 0) === 1 ? readUint64(tfdt, 4) : readUint32(tfdt, 4);
      }
      for (const trun of findBoxes(box.payload, [BOX.traf, BOX.trun])) samples += readUint32(trun.payload, 4);
    }
  } catch {
    return { decodeTime, samples: undefined };
  }
  return { decodeTime, samples };
}
