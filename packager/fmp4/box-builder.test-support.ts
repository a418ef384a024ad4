/**
 * Test-only ISO BMFF writer: just enough to build golden init segments and
 * fragments by hand, field by field, so each test shows the bytes it feeds.
 */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export const u8 = (n: number): Uint8Array => Uint8Array.of(n & 0xff);
export const u16 = (n: number): Uint8Array => Uint8Array.of((n >>> 8) & 0xff, n & 0xff);
export function u32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0);
  return out;
}
export function i32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, n);
  return out;
}
export function u64(n: number | bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}
export const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
export const zeros = (n: number): Uint8Array => new Uint8Array(n);

export function box(type: string, ...payload: Uint8Array[]): Uint8Array {
  const body = concat(...payload);
  return concat(u32(8 + body.length), ascii(type), body);
}

/** size == 1 and a 64-bit largesize, as writers use for boxes over 4 GiB. */
export function largeBox(type: string, ...payload: Uint8Array[]): Uint8Array {
  const body = concat(...payload);
  return concat(u32(1), ascii(type), u64(16 + body.length), body);
}

export function fullBox(type: string, version: number, flags: number, ...payload: Uint8Array[]): Uint8Array {
  return box(type, u8(version), u8(flags >> 16), u16(flags & 0xffff), ...payload);
}

export const ftyp = (): Uint8Array => box('ftyp', ascii('iso6'), u32(512), ascii('iso6cmfc'));

export interface TrackSpec {
  trackId: number;
  handler: 'vide' | 'soun';
  timescale: number;
  sampleEntry: Uint8Array;
  width?: number;
  height?: number;
  tkhdVersion?: 0 | 1;
  mdhdVersion?: 0 | 1;
  trex?: { duration: number; size: number; flags: number };
}

export function avc1(
  width: number,
  height: number,
  profile: number,
  compat: number,
  level: number,
): Uint8Array {
  const avcC = box('avcC', u8(1), u8(profile), u8(compat), u8(level), u8(0xff), u8(0xe0), u8(0));
  // reserved(6) dref(2) pre_defined/reserved(16) width height res(8) reserved(4) frames(2) name(32) depth(2) -1(2)
  return box(
    'avc1',
    zeros(6),
    u16(1),
    zeros(16),
    u16(width),
    u16(height),
    zeros(12),
    u16(1),
    zeros(32),
    u16(24),
    u16(0xffff),
    avcC,
  );
}

export function mp4a(sampleRate: number, channels: number, audioObjectType: number): Uint8Array {
  // AudioSpecificConfig: 5 bits object type, 4 bits frequency index (3 = 48 kHz), 4 bits channels.
  const asc = u16((audioObjectType << 11) | (3 << 7) | (channels << 3));
  const decoderSpecific = concat(u8(0x05), u8(asc.length), asc);
  const decoderConfig = concat(u8(0x40), u8(0x15), zeros(3), u32(0), u32(0), decoderSpecific);
  const es = concat(u16(1), u8(0), u8(0x04), u8(decoderConfig.length), decoderConfig, u8(0x06), u8(1), u8(2));
  const esds = fullBox('esds', 0, 0, u8(0x03), u8(0x80), u8(0x80), u8(0x80), u8(es.length), es);
  return box(
    'mp4a',
    zeros(6),
    u16(1),
    zeros(8),
    u16(2), // FFmpeg writes 2 whatever the layout: the AudioSpecificConfig has the truth
    u16(16),
    zeros(4),
    u32(sampleRate * 65536),
    esds,
  );
}

function trak(t: TrackSpec): Uint8Array {
  const v1 = t.tkhdVersion === 1;
  const tkhd = fullBox(
    'tkhd',
    v1 ? 1 : 0,
    3,
    v1 ? zeros(16) : zeros(8),
    u32(t.trackId),
    zeros(4),
    v1 ? zeros(8) : zeros(4),
    zeros(52),
    u32((t.width ?? 0) * 65536),
    u32((t.height ?? 0) * 65536),
  );
  const m1 = t.mdhdVersion === 1;
  const mdhd = fullBox(
    'mdhd',
    m1 ? 1 : 0,
    0,
    m1 ? zeros(16) : zeros(8),
    u32(t.timescale),
    m1 ? zeros(8) : zeros(4),
    zeros(4),
  );
  const hdlr = fullBox('hdlr', 0, 0, zeros(4), ascii(t.handler), zeros(12), ascii('h\0'));
  const stsd = fullBox('stsd', 0, 0, u32(1), t.sampleEntry);
  return box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', box('stbl', stsd))));
}

function trex(t: TrackSpec): Uint8Array {
  const d = t.trex ?? { duration: 0, size: 0, flags: 0 };
  return fullBox('trex', 0, 0, u32(t.trackId), u32(1), u32(d.duration), u32(d.size), u32(d.flags));
}

export function moov(...tracks: TrackSpec[]): Uint8Array {
  return box('moov', fullBox('mvhd', 0, 0, zeros(96)), ...tracks.map(trak), box('mvex', ...tracks.map(trex)));
}

export interface SampleSpec {
  duration?: number;
  size?: number;
  flags?: number;
  compositionOffset?: number;
}

export interface FragmentSpec {
  sequenceNumber: number;
  trackId: number;
  baseMediaDecodeTime: number;
  tfdtVersion?: 0 | 1;
  tfhdDefaults?: { duration?: number; size?: number; flags?: number };
  trunVersion?: 0 | 1;
  firstSampleFlags?: number;
  samples: SampleSpec[];
}

export const SYNC = 0x02000000; // depends_on = 2 (no other samples)
export const NON_SYNC = 0x01010000; // depends_on = 1, sample_is_non_sync_sample

export function moof(f: FragmentSpec): Uint8Array {
  const d = f.tfhdDefaults ?? {};
  const tfhdFlags =
    0x20000 |
    (d.duration !== undefined ? 0x08 : 0) |
    (d.size !== undefined ? 0x10 : 0) |
    (d.flags !== undefined ? 0x20 : 0);
  const tfhd = fullBox(
    'tfhd',
    0,
    tfhdFlags,
    u32(f.trackId),
    d.duration !== undefined ? u32(d.duration) : zeros(0),
    d.size !== undefined ? u32(d.size) : zeros(0),
    d.flags !== undefined ? u32(d.flags) : zeros(0),
  );
  const tfdt =
    f.tfdtVersion === 1
      ? fullBox('tfdt', 1, 0, u64(f.baseMediaDecodeTime))
      : fullBox('tfdt', 0, 0, u32(f.baseMediaDecodeTime));
  const s0 = f.samples[0] ?? {};
  const has = (k: keyof SampleSpec): boolean => s0[k] !== undefined;
  const trunFlags =
    0x001 |
    (f.firstSampleFlags !== undefined ? 0x004 : 0) |
    (has('duration') ? 0x100 : 0) |
    (has('size') ? 0x200 : 0) |
    (has('flags') ? 0x400 : 0) |
    (has('compositionOffset') ? 0x800 : 0);
  const perSample = f.samples.map((s) =>
    concat(
      has('duration') ? u32(s.duration ?? 0) : zeros(0),
      has('size') ? u32(s.size ?? 0) : zeros(0),
      has('flags') ? u32(s.flags ?? 0) : zeros(0),
      has('compositionOffset') ? i32(s.compositionOffset ?? 0) : zeros(0),
    ),
  );
  const trun = fullBox(
    'trun',
    f.trunVersion ?? 0,
    trunFlags,
    u32(f.samples.length),
    u32(0),
    f.firstSampleFlags !== undefined ? u32(f.firstSampleFlags) : zeros(0),
    ...perSample,
  );
  return box('moof', fullBox('mfhd', 0, 0, u32(f.sequenceNumber)), box('traf', tfhd, tfdt, trun));
}

export const mdat = (length: number, fill = 0xab): Uint8Array =>
  box('mdat', new Uint8Array(length).fill(fill));

/** prft v0 with an NTP timestamp (seconds since 1900, 32-bit fraction). */
export const prft = (
  trackId: number,
  ntpSeconds: number,
  ntpFraction: number,
  mediaTime: number,
): Uint8Array => fullBox('prft', 0, 0, u32(trackId), u32(ntpSeconds), u32(ntpFraction), u32(mediaTime));

export const VIDEO: TrackSpec = {
  trackId: 1,
  handler: 'vide',
  timescale: 30000,
  width: 1280,
  height: 720,
  sampleEntry: avc1(1280, 720, 0x64, 0x00, 0x1f),
  trex: { duration: 1001, size: 0, flags: NON_SYNC },
};
export const AUDIO: TrackSpec = {
  trackId: 2,
  handler: 'soun',
  timescale: 48000,
  sampleEntry: mp4a(48000, 2, 2),
  trex: { duration: 1024, size: 0, flags: 0 },
};
