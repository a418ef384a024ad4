/**
 * Parses FFmpeg's `-progress pipe:1` output: blocks of `key=value` lines, each
 * block ended by `progress=continue` or `progress=end`. Pure: feed it text.
 *
 *   frame=36
 *   fps=29.97
 *   bitrate=2981.4kbits/s
 *   out_time_us=1200000
 *   speed=1.01x
 *   progress=continue
 */

export interface FfmpegProgress {
  frame: number | null;
  fps: number | null;
  bitrateKbps: number | null;
  totalSizeBytes: number | null;
  outTimeUs: number | null;
  dupFrames: number | null;
  dropFrames: number | null;
  /** Media seconds per wall second: 1.0 means keeping up with a live input. */
  speed: number | null;
  /** `progress=end`: FFmpeg is finishing. */
  ended: boolean;
}

/** Accumulates chunks (which may split lines) and returns each completed block. */
export class ProgressParser {
  #partial = '';
  #fields = new Map<string, string>();

  push(text: string): FfmpegProgress[] {
    const lines = (this.#partial + text).split('\n');
    this.#partial = lines.pop() ?? '';
    const blocks: FfmpegProgress[] = [];
    for (const raw of lines) {
      const line = raw.trim();
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq);
      const value = line.slice(eq + 1).trim();
      if (key !== 'progress') {
        this.#fields.set(key, value);
        continue;
      }
      blocks.push(toProgress(this.#fields, value === 'end'));
      this.#fields = new Map();
    }
    return blocks;
  }
}

export function parseProgress(text: string): FfmpegProgress[] {
  return new ProgressParser().push(text.endsWith('\n') ? text : `${text}\n`);
}

function toProgress(fields: Map<string, string>, ended: boolean): FfmpegProgress {
  return {
    frame: integer(fields.get('frame')),
    fps: decimal(fields.get('fps')),
    bitrateKbps: decimal(fields.get('bitrate')?.replace(/kbits\/s$/, '')),
    totalSizeBytes: integer(fields.get('total_size')),
    // out_time_ms is also microseconds (an old FFmpeg naming bug), so prefer out_time_us.
    outTimeUs: integer(fields.get('out_time_us') ?? fields.get('out_time_ms')),
    dupFrames: integer(fields.get('dup_frames')),
    dropFrames: integer(fields.get('drop_frames')),
    speed: decimal(fields.get('speed')?.replace(/x$/, '')),
    ended,
  };
}

/** `N/A` and empty values become null rather than NaN. */
function decimal(value: string | undefined): number | null {
  if (value === undefined || value === '' || value === 'N/A') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

function integer(value: string | undefined): number | null {
  const parsed = decimal(value);
  return parsed === null ? null : Math.trunc(parsed);
}
