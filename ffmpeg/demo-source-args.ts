/**
 * Argv for the demo source: a live test pattern with a beeping tone, the wall
 * clock burned into the picture, encoded and packaged by the same FFmpeg
 * straight into the two per-track fMP4 outputs (fd 3 video, fd 4 audio).
 *
 *   testsrc2 ─ drawtext(clock) ─ libx264 ─> fd 3
 *   sine (beep every second)   ─ aac     ─> fd 4
 */
import { type FfmpegLogLevel, quietGlobalArgs } from './ffmpeg-log-level.ts';
import { TRACK_OUTPUT_FD, trackOutputArgs } from './fmp4-track-output-args.ts';
import { TS_SOURCE_FD } from './mpegts-copy-output-args.ts';

export interface DemoSourceOptions {
  /**
   * Seconds since UTC midnight when FFmpeg starts (see `secondsSinceUtcMidnight`).
   * With -re, media time tracks the wall clock, so pts + this offset is the
   * capture time to the millisecond: the number a viewer compares to its clock.
   */
  clockOffsetSeconds: number;
  /** A TrueType font; Debian's drawtext needs one (package fonts-dejavu-core). */
  fontFile?: string;
  pattern?: 'testsrc2' | 'smptehdbars';
  width?: number;
  height?: number;
  fps?: number;
  /** GOP length; segments must be a multiple of it. */
  keyframeIntervalSeconds?: number;
  bFrames?: number;
  /** x264 zerolatency: no lookahead or frame threading delay (and no B-frames unless bFrames says so). */
  zeroLatency?: boolean;
  videoBitrateKbps?: number;
  audioBitrateKbps?: number;
  toneHz?: number;
  /** Stop after this long (tests); omitted means run until killed. */
  durationSeconds?: number;
  producerReferenceTime?: boolean;
  logLevel?: FfmpegLogLevel;
  /**
   * Also burn the capture time as a row of black/white cells (see
   * `timecodeBlocksFilter`) that a page can read back from pixels: glass-to-glass
   * latency without OCR.
   */
  timecodeBlocks?: boolean;
  /**
   * `tracks` (default): fMP4 per track on fds 3 and 4, straight into the packager.
   * `mpegts`: one MPEG-TS on fd 3 (TS_SOURCE_FD), as an encoder would publish it (feeds a ladder).
   */
  output?: 'tracks' | 'mpegts';
}

export const DEFAULT_FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';

export function secondsSinceUtcMidnight(at: Date): number {
  return (at.getTime() % 86_400_000) / 1000;
}

export function demoSourceArgs(options: DemoSourceOptions): string[] {
  const width = options.width ?? 1280;
  const height = options.height ?? 720;
  const fps = options.fps ?? 30;
  const gop = Math.round((options.keyframeIntervalSeconds ?? 2) * fps);
  const videoKbps = options.videoBitrateKbps ?? 3000;
  const duration = options.durationSeconds === undefined ? [] : ['-t', String(options.durationSeconds)];
  return [
    ...quietGlobalArgs(options.logLevel),
    // -re paces each lavfi input at its native rate: the demo is live, not a file.
    '-re',
    '-f',
    'lavfi',
    '-i',
    `${options.pattern ?? 'testsrc2'}=size=${width}x${height}:rate=${fps}`,
    '-re',
    '-f',
    'lavfi',
    // beep_factor: a higher-pitched beep once a second, to check A/V sync by ear.
    '-i',
    `sine=frequency=${options.toneHz ?? 1000}:beep_factor=2:sample_rate=48000`,
    '-map',
    '0:v',
    '-vf',
    [
      clockOverlayFilter(options.clockOffsetSeconds, options.fontFile ?? DEFAULT_FONT_FILE, height),
      ...(options.timecodeBlocks === true ? [timecodeBlocksFilter(options.clockOffsetSeconds, width)] : []),
    ].join(','),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    ...(options.zeroLatency === false ? [] : ['-tune', 'zerolatency']),
    '-bf',
    String(options.bFrames ?? 0),
    // fixed GOP, no scene-cut keyframes: every segment starts on an IDR at the same times.
    '-g',
    String(gop),
    '-keyint_min',
    String(gop),
    '-sc_threshold',
    '0',
    '-b:v',
    `${videoKbps}k`,
    '-maxrate',
    `${videoKbps}k`,
    // one second of VBV: bounded bitrate per part without starving keyframes.
    '-bufsize',
    `${videoKbps}k`,
    // browsers only decode 4:2:0; drawtext would otherwise hand x264 whatever it picked.
    '-pix_fmt',
    'yuv420p',
    ...duration,
    ...(options.output === 'mpegts'
      ? []
      : trackOutputArgs({ fd: TRACK_OUTPUT_FD.video, producerReferenceTime: options.producerReferenceTime })),
    '-map',
    '1:a',
    '-c:a',
    'aac',
    '-b:a',
    `${options.audioBitrateKbps ?? 128}k`,
    '-ac',
    '2',
    ...duration,
    ...(options.output === 'mpegts'
      ? ['-flush_packets', '1', '-f', 'mpegts', `pipe:${TS_SOURCE_FD}`]
      : trackOutputArgs({ fd: TRACK_OUTPUT_FD.audio, producerReferenceTime: options.producerReferenceTime })),
  ];
}

/**
 * `%{pts:hms:OFFSET:24HH}` prints (pts + OFFSET) as HH:MM:SS.mmm wrapped at
 * 24 h; ffmpeg 5.1's localtime/gmtime expansions have no milliseconds.
 * Colons inside the expansion are escaped for drawtext's argument parser.
 */
function clockOverlayFilter(offsetSeconds: number, fontFile: string, height: number): string {
  if (/[':\\]/.test(fontFile)) throw new Error(`font path must not contain ' : or \\: ${fontFile}`);
  const fontSize = Math.round(height / 12);
  const text = `%{pts\\:hms\\:${offsetSeconds.toFixed(3)}\\:24HH} UTC`;
  return [
    `drawtext=fontfile=${fontFile}`,
    `text='${text}'`,
    'x=(w-text_w)/2',
    `y=h-${fontSize * 2}`,
    `fontsize=${fontSize}`,
    'fontcolor=white',
    'box=1',
    'boxcolor=black@0.6',
    'boxborderw=12',
  ].join(':');
}

/**
 * Layout of the burned timecode: one row of square cells along the top edge.
 *
 *   cell: 0      1 .. 27                 28     29      30 31
 *         white  ms since UTC midnight   white  parity  black
 *                (27 bits, MSB first)           (even)
 *
 * White reference cells let a reader check it found the row; 27 bits hold
 * 86 400 000 ms; the parity cell rejects frames a decoder smeared.
 */
export const TIMECODE_BLOCKS = {
  cells: 32,
  bits: 27,
  firstBitCell: 1,
  markerCell: 28,
  parityCell: 29,
} as const;

/** Cell edge in pixels for a picture this wide. */
export function timecodeCellSize(width: number): number {
  return Math.floor(width / TIMECODE_BLOCKS.cells);
}

/**
 * drawbox filters, one per white cell, each switched on by a timeline `enable`
 * expression over `t` (the frame pts, the same one drawtext prints), so the
 * cells and the text always carry the same capture time.
 */
export function timecodeBlocksFilter(offsetSeconds: number, width: number): string {
  const size = timecodeCellSize(width);
  const ms = `mod(floor((t+${offsetSeconds.toFixed(3)})*1000),86400000)`;
  const bit = (k: number) => `mod(floor(${ms}/${2 ** k}),2)`;
  const box = (cell: number, enable?: string) =>
    `drawbox=x=${cell * size}:y=0:w=${size}:h=${size}:color=white:t=fill` +
    (enable === undefined ? '' : `:enable='${enable}'`);
  const { bits, firstBitCell, markerCell, parityCell, cells } = TIMECODE_BLOCKS;
  const parity = `mod(${Array.from({ length: bits }, (_, k) => bit(k)).join('+')},2)`;
  return [
    `drawbox=x=0:y=0:w=${cells * size}:h=${size}:color=black:t=fill`,
    box(0),
    ...Array.from({ length: bits }, (_, i) => box(firstBitCell + i, bit(bits - 1 - i))),
    box(markerCell),
    box(parityCell, parity),
  ].join(',');
}
