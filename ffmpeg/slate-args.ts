/**
 * Argv for the FALLBACK SLATE: a still card with a line of text and silence, encoded
 * live as H.264/AAC in MPEG-TS on stdout. It fills a stream while its publisher is away
 * so players and restream targets keep receiving media instead of stalling.
 *
 *   lavfi color + drawtext ─┐
 *   lavfi anullsrc ─────────┴─> x264 + AAC ─> stdout: MPEG-TS (paced at real time)
 */
import { DEFAULT_FONT_FILE } from './demo-source-args.ts';
import { quietGlobalArgs } from './ffmpeg-log-level.ts';
import { TS_SOURCE_FD } from './mpegts-copy-output-args.ts';

export interface SlateOptions {
  /** Match the stream's picture so players switch without a resolution change. */
  width?: number;
  height?: number;
  frameRate?: number;
  keyframeIntervalSeconds?: number;
  fontFile?: string;
}

export const SLATE_TEXT = 'The stream will resume shortly';

export function slateArgs(options: SlateOptions = {}): string[] {
  // x264 with 4:2:0 needs even dimensions.
  const even = (value: number | undefined, fallback: number) =>
    Math.max(16, Math.round((value ?? fallback) / 2) * 2);
  const width = even(options.width, 1280);
  const height = even(options.height, 720);
  const rate =
    options.frameRate && options.frameRate > 0 && options.frameRate <= 120 ? options.frameRate : 25;
  const gop = Math.max(1, Math.round(rate * (options.keyframeIntervalSeconds ?? 1)));
  const font = options.fontFile ?? DEFAULT_FONT_FILE;
  if (/[':\\]/.test(font)) throw new Error(`font path must not contain ' : or \\: ${font}`);
  const fontSize = Math.max(12, Math.round(height / 18));
  return [
    ...quietGlobalArgs(),
    // -re paces the card at real time, like a live source.
    '-re',
    '-f',
    'lavfi',
    '-i',
    `color=c=0x1b2330:s=${width}x${height}:r=${Number(rate.toFixed(3))}`,
    '-re',
    '-f',
    'lavfi',
    '-i',
    'anullsrc=r=48000:cl=stereo',
    '-vf',
    `drawtext=fontfile=${font}:text='${SLATE_TEXT}':fontcolor=white:fontsize=${fontSize}:x=(w-text_w)/2:y=(h-text_h)/2`,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-tune',
    'zerolatency',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(gop),
    '-keyint_min',
    String(gop),
    '-sc_threshold',
    '0',
    '-b:v',
    '300k',
    '-c:a',
    'aac',
    '-b:a',
    '64k',
    '-flush_packets',
    '1',
    '-f',
    'mpegts',
    `pipe:${TS_SOURCE_FD}`,
  ];
}
