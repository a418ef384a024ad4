/**
 * Reads an init segment (`ftyp` + `moov`) into the per-track facts the
 * playlists and the fragment parser need.
 *
 *   moov
 *   +- trak (one per track)
 *   |  +- tkhd            track_ID, display width/height
 *   |  +- mdia
 *   |     +- mdhd         timescale
 *   |     +- hdlr         handler_type 'vide' | 'soun'
 *   |     +- minf/stbl/stsd  sample entry -> codec string, coded size, audio rate
 *   +- mvex
 *      +- trex (one per track)  default sample duration / size / flags
 */
import { findBox, findBoxes, requireBox } from './box-iterator.ts';
import { BOX } from './box-types.ts';
import { fourcc, readUint8, readUint32 } from './bytes.ts';
import { Fmp4Error } from './fmp4-error.ts';
import { parseSampleEntry } from './sample-entry.ts';

/** Sample defaults a fragment falls back to when its `tfhd`/`trun` omit them. */
export interface TrackDefaults {
  sampleDuration: number;
  sampleSize: number;
  sampleFlags: number;
}

export interface TrackInfo {
  trackId: number;
  /** hdlr handler type: 'vide', 'soun', or whatever else the file says. */
  handler: 'vide' | 'soun' | (string & {});
  timescale: number;
  /** RFC 6381 codec string, e.g. `avc1.64001f`, `mp4a.40.2`. */
  codec: string;
  width?: number;
  height?: number;
  sampleRate?: number;
  channelCount?: number;
  defaults: TrackDefaults;
}

function parseTkhd(payload: Uint8Array): { trackId: number; width: number; height: number } {
  const version = readUint8(payload, 0);
  const trackId = readUint32(payload, version === 1 ? 20 : 12);
  // width and height are the last two 16.16 fixed-point fields of the box.
  const width = readUint32(payload, payload.length - 8) >>> 16;
  const height = readUint32(payload, payload.length - 4) >>> 16;
  return { trackId, width, height };
}

function parseMdhdTimescale(payload: Uint8Array): number {
  return readUint32(payload, readUint8(payload, 0) === 1 ? 20 : 12);
}

function parseTrex(moov: Uint8Array): Map<number, TrackDefaults> {
  const byTrack = new Map<number, TrackDefaults>();
  for (const trex of findBoxes(moov, [BOX.mvex, BOX.trex])) {
    // version+flags(4) track_ID(4) description_index(4) duration(4) size(4) flags(4)
    byTrack.set(readUint32(trex.payload, 4), {
      sampleDuration: readUint32(trex.payload, 12),
      sampleSize: readUint32(trex.payload, 16),
      sampleFlags: readUint32(trex.payload, 20),
    });
  }
  return byTrack;
}

function parseTrak(trak: Uint8Array, defaults: Map<number, TrackDefaults>): TrackInfo {
  const tkhd = parseTkhd(requireBox(trak, [BOX.tkhd]).payload);
  const mdia = requireBox(trak, [BOX.mdia]).payload;
  const timescale = parseMdhdTimescale(requireBox(mdia, [BOX.mdhd]).payload);
  if (timescale === 0) throw new Fmp4Error(`track ${tkhd.trackId} has timescale 0`);
  // hdlr: version+flags(4) pre_defined(4) handler_type(4)
  const handler = fourcc(requireBox(mdia, [BOX.hdlr]).payload, 8);
  const stsd = requireBox(mdia, [BOX.minf, BOX.stbl, BOX.stsd]).payload;
  const entry = parseSampleEntry(stsd, handler);
  const track: TrackInfo = {
    trackId: tkhd.trackId,
    handler,
    timescale,
    codec: entry.codec,
    defaults: defaults.get(tkhd.trackId) ?? { sampleDuration: 0, sampleSize: 0, sampleFlags: 0 },
  };
  if (handler === 'vide') {
    // tkhd carries the display size (after pixel aspect); the sample entry the coded size.
    track.width = tkhd.width || entry.width;
    track.height = tkhd.height || entry.height;
  }
  if (entry.sampleRate !== undefined) track.sampleRate = entry.sampleRate;
  if (entry.channelCount !== undefined) track.channelCount = entry.channelCount;
  return track;
}

/** Parses `ftyp` + `moov` (a `moov` alone is accepted too). */
export function parseInitSegment(init: Uint8Array): TrackInfo[] {
  const moov = findBox(init, [BOX.moov]);
  if (moov === undefined) throw new Fmp4Error('init segment has no moov box');
  const defaults = parseTrex(moov.payload);
  return findBoxes(moov.payload, [BOX.trak]).map((trak) => parseTrak(trak.payload, defaults));
}
