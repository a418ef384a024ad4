/**
 * One `traf`: its `tfhd` defaults and `trun` samples, with every sample's
 * duration, size and flags resolved through the fallback chain
 * trun -> tfhd -> trex (ISO/IEC 14496-12 §8.8.7, §8.8.8).
 *
 *   tfhd: version+flags(4) track_ID(4) [base_data_offset(8) 0x01] [sample_description_index(4) 0x02]
 *         [default_sample_duration(4) 0x08] [default_sample_size(4) 0x10] [default_sample_flags(4) 0x20]
 *
 *   trun: version+flags(4) sample_count(4) [data_offset(4) 0x001] [first_sample_flags(4) 0x004]
 *         then per sample: [duration 0x100] [size 0x200] [flags 0x400] [composition offset 0x800]
 *         composition offset is unsigned in version 0 and SIGNED in version 1 (B-frames under +cmaf)
 */
import { readInt32, readUint8, readUint24, readUint32 } from './bytes.ts';
import { Fmp4Error } from './fmp4-error.ts';
import type { TrackDefaults } from './init-segment.ts';

/** Guards against garbage counts when a trun has no per-sample fields to bound it. */
const MAX_SAMPLES_PER_RUN = 1 << 20;

export interface Sample {
  duration: number;
  size: number;
  flags: number;
  /** Presentation minus decode time, in timescale units; negative is legal in trun v1. */
  compositionOffset: number;
}

export interface TrackFragmentHeader {
  trackId: number;
  defaultSampleDuration?: number;
  defaultSampleSize?: number;
  defaultSampleFlags?: number;
}

export function parseTfhd(payload: Uint8Array): TrackFragmentHeader {
  const flags = readUint24(payload, 1);
  const header: TrackFragmentHeader = { trackId: readUint32(payload, 4) };
  let off = 8;
  if (flags & 0x01) off += 8;
  if (flags & 0x02) off += 4;
  if (flags & 0x08) {
    header.defaultSampleDuration = readUint32(payload, off);
    off += 4;
  }
  if (flags & 0x10) {
    header.defaultSampleSize = readUint32(payload, off);
    off += 4;
  }
  if (flags & 0x20) header.defaultSampleFlags = readUint32(payload, off);
  return header;
}

/** Parses a trun, filling what it omits from tfhd, then trex. */
export function parseTrun(payload: Uint8Array, tfhd: TrackFragmentHeader, trex: TrackDefaults): Sample[] {
  const version = readUint8(payload, 0);
  const flags = readUint24(payload, 1);
  const sampleCount = readUint32(payload, 4);
  let off = 8;
  if (flags & 0x001) off += 4;
  let firstSampleFlags: number | undefined;
  if (flags & 0x004) {
    firstSampleFlags = readUint32(payload, off);
    off += 4;
  }
  const perSampleBytes =
    4 * (((flags >> 8) & 1) + ((flags >> 9) & 1) + ((flags >> 10) & 1) + ((flags >> 11) & 1));
  if (perSampleBytes * sampleCount > payload.length - off || sampleCount > MAX_SAMPLES_PER_RUN) {
    throw new Fmp4Error(
      `trun declares ${sampleCount} samples, more than its ${payload.length} bytes can describe`,
    );
  }
  const duration = tfhd.defaultSampleDuration ?? trex.sampleDuration;
  const size = tfhd.defaultSampleSize ?? trex.sampleSize;
  const defaultFlags = tfhd.defaultSampleFlags ?? trex.sampleFlags;
  const samples: Sample[] = [];
  for (let i = 0; i < sampleCount; i++) {
    const sample: Sample = { duration, size, flags: defaultFlags, compositionOffset: 0 };
    if (flags & 0x100) {
      sample.duration = readUint32(payload, off);
      off += 4;
    }
    if (flags & 0x200) {
      sample.size = readUint32(payload, off);
      off += 4;
    }
    if (flags & 0x400) {
      sample.flags = readUint32(payload, off);
      off += 4;
    }
    if (i === 0 && firstSampleFlags !== undefined) sample.flags = firstSampleFlags;
    if (flags & 0x800) {
      sample.compositionOffset = version === 0 ? readUint32(payload, off) : readInt32(payload, off);
      off += 4;
    }
    samples.push(sample);
  }
  return samples;
}

/** sample_is_non_sync_sample is bit 16 of the sample flags (§8.8.3.1). */
export function isSyncSample(flags: number): boolean {
  return (flags & 0x00010000) === 0;
}
