/**
 * The box types this reader looks at (ISO/IEC 14496-12 and -14, -15), so the
 * parsers say `BOX.moof` instead of a bare string literal.
 */
export const BOX = {
  ftyp: 'ftyp',
  styp: 'styp',
  moov: 'moov',
  mvex: 'mvex',
  trex: 'trex',
  trak: 'trak',
  tkhd: 'tkhd',
  mdia: 'mdia',
  mdhd: 'mdhd',
  hdlr: 'hdlr',
  minf: 'minf',
  stbl: 'stbl',
  stsd: 'stsd',
  // sample entries and their configuration boxes
  avc1: 'avc1',
  avc3: 'avc3',
  avcC: 'avcC',
  hvc1: 'hvc1',
  hev1: 'hev1',
  hvcC: 'hvcC',
  mp4a: 'mp4a',
  esds: 'esds',
  // fragments
  prft: 'prft',
  emsg: 'emsg',
  sidx: 'sidx',
  moof: 'moof',
  mfhd: 'mfhd',
  traf: 'traf',
  tfhd: 'tfhd',
  tfdt: 'tfdt',
  trun: 'trun',
  mdat: 'mdat',
  free: 'free',
  skip: 'skip',
} as const;

export type BoxType = (typeof BOX)[keyof typeof BOX];

/** hdlr handler types we package; anything else (subtitles, metadata) is reported as-is. */
export const HANDLER = { video: 'vide', audio: 'soun' } as const;
