/**
 * Rewrites a demoSourceArgs argv so the SAME encoder also feeds the encoder-floor
 * viewer: the encoded video goes through FFmpeg's `tee` muxer to its usual
 * output and, as fragmented MP4, to a TCP socket the floor relay listens on.
 * One encoder for both viewers cancels the burned clock's start-up error
 * (clock offset taken at spawn, pts 0 a little later) when we subtract.
 *
 *   lavfi ─ drawtext+cells ─ libx264 ─ tee ─┬─> case output (pipe:3 / hls / rtmp)
 *                                           └─> fMP4 tcp://relay  (select=v)
 */
import { TRACK_OUTPUT_FD } from '../ffmpeg/fmp4-track-output-args.ts';

/** One `-f mp4 ... pipe:N` block of trackOutputArgs, located in an argv. */
function outputBlock(args: readonly string[], fd: number): { start: number; end: number; options: string[] } {
  const end = args.indexOf(`pipe:${fd}`);
  let start = end;
  while (start > 0 && !(args[start] === '-f' && args[start + 1] === 'mp4')) start--;
  if (end < 0 || start <= 0) throw new Error(`no fMP4 output on pipe:${fd} in argv`);
  const options: string[] = [];
  for (let i = start + 2; i < end; i += 2) options.push(`${args[i]?.slice(1)}=${args[i + 1]}`);
  return { start, end, options };
}

/** Slave spec for the floor: the same fMP4 flags as the live outputs, video only, never fatal. */
function floorSlave(args: readonly string[], floorUrl: string): string {
  const { options } = outputBlock(args, TRACK_OUTPUT_FD.video);
  const noPrft = options.filter((o) => !o.startsWith('write_prft='));
  return `[f=mp4:select=v:onfail=ignore:${noPrft.join(':')}]${floorUrl}`;
}

// tee cannot tell the encoder whether a slave wants global headers (mp4 and flv
// do): without this, avcC in the init segment would be empty.
const GLOBAL_HEADER = ['-flags:v', '+global_header'];

/** Case 1: the packager's video pipe:3 stays byte-for-byte the same, plus the floor. */
export function teeVideoToFloor(args: readonly string[], floorUrl: string): string[] {
  const { start, end, options } = outputBlock(args, TRACK_OUTPUT_FD.video);
  const tee = `[f=mp4:${options.join(':')}]pipe:${TRACK_OUTPUT_FD.video}|${floorSlave(args, floorUrl)}`;
  return [...args.slice(0, start), ...GLOBAL_HEADER, '-f', 'tee', tee, ...args.slice(end + 1)];
}

/**
 * Cases 3 and 4: drop both per-track outputs, so video and audio options land on
 * one output, a tee of `mainSlave` (an HLS or FLV muxer with both tracks) and the floor.
 */
export function teeMuxedWithFloor(args: readonly string[], mainSlave: string, floorUrl: string): string[] {
  const video = outputBlock(args, TRACK_OUTPUT_FD.video);
  const audio = outputBlock(args, TRACK_OUTPUT_FD.audio);
  const floor = floorSlave(args, floorUrl);
  return [
    ...args.slice(0, video.start),
    ...args.slice(video.end + 1, audio.start),
    ...GLOBAL_HEADER,
    '-f',
    'tee',
    `${mainSlave}|${floor}`,
    ...args.slice(audio.end + 1),
  ];
}
