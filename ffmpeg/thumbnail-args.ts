/**
 * Argv for a THUMBNAIL: decode the first frame of one keyframe-led fMP4 fragment (the
 * init section followed by that fragment, on stdin) and write it as a JPEG on stdout.
 * One frame per refresh: the stream is never decoded as a whole for previews.
 *
 *   stdin: ftyp moov moof mdat ──> ffmpeg -frames:v 1 scale ──> stdout: JPEG
 */
import { quietGlobalArgs } from './ffmpeg-log-level.ts';

export interface ThumbnailOptions {
  /** Output height in pixels; the width follows the picture's aspect ratio (even). */
  height?: number;
  /** mjpeg quality scale, 2 (best) .. 31. */
  quality?: number;
}

export function thumbnailArgs(options: ThumbnailOptions = {}): string[] {
  const height = Math.max(16, Math.round((options.height ?? 180) / 2) * 2);
  const quality = Math.min(31, Math.max(2, Math.round(options.quality ?? 5)));
  return [
    ...quietGlobalArgs('error'),
    '-f',
    'mp4',
    '-i',
    'pipe:0',
    '-map',
    '0:v:0',
    '-frames:v',
    '1',
    '-vf',
    `scale=-2:${height}`,
    '-q:v',
    String(quality),
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    'pipe:1',
  ];
}
