/**
 * The output half of every live FFmpeg command we run: one fragmented MP4
 * per track, written to an inherited file descriptor that our process reads.
 *
 * Wire order on each fd: ftyp moov, then [prft] moof mdat per sample.
 */

export type TrackKind = 'video' | 'audio';

/**
 * Which child fd carries which track. fd 0-2 stay stdin/stdout/stderr so stdin
 * can carry FLV/MPEG-TS in and stderr feeds the supervisor's diagnostics ring.
 */
export const TRACK_OUTPUT_FD = { video: 3, audio: 4 } as const satisfies Record<TrackKind, number>;

export interface TrackOutputOptions {
  fd: number;
  /** Write a `prft` box before each `moof` (LL-DASH ProducerReferenceTime, glass-to-glass metrics). */
  producerReferenceTime?: boolean;
}

export const LIVE_FMP4_MOVFLAGS = [
  // ftyp+moov go out before the first sample: the init segment exists at once.
  'empty_moov',
  // ...but written with the first fragment, not at the header: ADTS audio from MPEG-TS
  // (SRT, UDP, pulls) gets its AudioSpecificConfig from aac_adtstoasc only with the first
  // packet, and an esds without it is refused by browsers (CODECS would say just mp4a.40).
  'delay_moov',
  // tfhd offsets count from the moof, so each moof+mdat is a standalone CMAF chunk.
  'default_base_moof',
  // CMAF brands and version-1 trun (signed composition offsets with B-frames).
  'cmaf',
  // a live output is killed, never finalised: no mfra index nobody would read.
  'skip_trailer',
  // one moof+mdat per sample, cut as soon as the next sample arrives; our
  // TypeScript groups samples into parts, so FFmpeg must not hold any back.
  'frag_every_frame',
] as const;

/** `-f mp4 ... pipe:N` for one track; the caller puts `-map`/codec options before it. */
export function trackOutputArgs(options: TrackOutputOptions): string[] {
  return [
    '-f',
    'mp4',
    '-movflags',
    LIVE_FMP4_MOVFLAGS.map((flag) => `+${flag}`).join(''),
    // prft carries the wall clock at which each fragment was written.
    ...(options.producerReferenceTime === false ? [] : ['-write_prft', 'wallclock']),
    // flush the AVIO buffer after every packet instead of when 32 KiB fill up;
    // otherwise small audio fragments sit in FFmpeg for hundreds of ms.
    '-flush_packets',
    '1',
    `pipe:${options.fd}`,
  ];
}
