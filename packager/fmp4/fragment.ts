/**
 * Reads one media chunk, `[prft] [emsg...] moof mdat`, of a single-track fMP4
 * stream (one FFmpeg output per track, so one `traf` per `moof`).
 *
 *   moof
 *   +- mfhd   sequence_number
 *   +- traf
 *      +- tfhd   track_ID + sample defaults
 *      +- tfdt   baseMediaDecodeTime (32-bit v0 / 64-bit v1)
 *      +- trun+  samples
 */
import { type BoxSpan, boxSpans } from './box-iterator.ts';
import { BOX } from './box-types.ts';
import { readUint8, readUint32, readUint64 } from './bytes.ts';
import { Fmp4Error } from './fmp4-error.ts';
import type { TrackDefaults, TrackInfo } from './init-segment.ts';
import { type ProducerReferenceTime, parsePrft } from './producer-reference-time.ts';
import { isSyncSample, parseTfhd, parseTrun, type Sample } from './track-run.ts';

export interface FragmentInfo {
  sequenceNumber: number;
  trackId: number;
  /** Decode time of the first sample, in timescale units. */
  baseMediaDecodeTime: number;
  samples: Sample[];
  /** Sum of sample durations, in timescale units. */
  duration: number;
  /** The first sample is a sync sample: a part or segment may start here. */
  independent: boolean;
  producerReferenceTime?: ProducerReferenceTime;
}

const NO_DEFAULTS: TrackDefaults = { sampleDuration: 0, sampleSize: 0, sampleFlags: 0 };

function body(chunk: Uint8Array, box: BoxSpan): Uint8Array {
  return chunk.subarray(box.body, box.end);
}

function parseTfdt(payload: Uint8Array): number {
  return readUint8(payload, 0) === 1 ? readUint64(payload, 4) : readUint32(payload, 4);
}

/**
 * Parses a chunk. `tracks` (from the init segment) supply the trex defaults;
 * without them omitted fields read as 0 (and flags 0 means sync).
 */
export function parseFragment(chunk: Uint8Array, tracks: readonly TrackInfo[] = []): FragmentInfo {
  // Spans, not views: this runs for every frame of every track.
  let moof: BoxSpan | undefined;
  let producerReferenceTime: ProducerReferenceTime | undefined;
  for (const box of boxSpans(chunk)) {
    if (box.type === BOX.prft && moof === undefined) producerReferenceTime = parsePrft(body(chunk, box));
    if (box.type === BOX.moof) moof = box;
  }
  if (moof === undefined) throw new Fmp4Error('chunk has no moof box');
  const inMoof = boxSpans(chunk, moof.body, moof.end);
  const trafs = inMoof.filter((box) => box.type === BOX.traf);
  const traf = trafs[0];
  if (traf === undefined || trafs.length > 1) {
    throw new Fmp4Error(
      `expected exactly one traf per moof (one fMP4 output per track), found ${trafs.length}`,
    );
  }
  const mfhd = inMoof.find((box) => box.type === BOX.mfhd);
  if (mfhd === undefined) throw new Fmp4Error('required box mfhd is missing');
  const inTraf = boxSpans(chunk, traf.body, traf.end);
  const tfhdBox = inTraf.find((box) => box.type === BOX.tfhd);
  if (tfhdBox === undefined) throw new Fmp4Error('required box tfhd is missing');
  const tfhd = parseTfhd(body(chunk, tfhdBox));
  const track = tracks.find((t) => t.trackId === tfhd.trackId);
  if (track === undefined && tracks.length > 0) {
    throw new Fmp4Error(`fragment for track ${tfhd.trackId}, which the init segment does not declare`);
  }
  const tfdt = inTraf.find((box) => box.type === BOX.tfdt);
  if (tfdt === undefined) throw new Fmp4Error(`traf of track ${tfhd.trackId} has no tfdt`);
  const defaults = track?.defaults ?? NO_DEFAULTS;
  const samples: Sample[] = [];
  for (const box of inTraf)
    if (box.type === BOX.trun)
      for (const sample of parseTrun(body(chunk, box), tfhd, defaults)) samples.push(sample);
  const first = samples[0];
  let duration = 0;
  for (const sample of samples) duration += sample.duration;
  const info: FragmentInfo = {
    sequenceNumber: readUint32(body(chunk, mfhd), 4),
    trackId: tfhd.trackId,
    baseMediaDecodeTime: parseTfdt(body(chunk, tfdt)),
    samples,
    duration,
    independent: first !== undefined && isSyncSample(first.flags),
  };
  if (producerReferenceTime !== undefined) info.producerReferenceTime = producerReferenceTime;
  return info;
}
