/**
 * Argv for a short CLIP of the test pattern and a tone, encoded H.264 + AAC, as a file
 * (or stdout): what speed tests, probes and tests feed the pipeline when they need real
 * media of a given shape without a live encoder.
 */
export interface TestPatternClipOptions {
  width: number;
  height: number;
  /** Frames per second, or an exact rate such as `30000/1001`. */
  frameRate: number | string;
  seconds: number;
  format: 'flv' | 'mpegts' | 'mp4';
  /** A path, or `-` for stdout. */
  output: string;
  keyframeSeconds?: number;
  bFrames?: number;
  /** x264 preset; `ultrafast` keeps making the clip cheap. */
  preset?: string;
}

export function testPatternClipArgs(options: TestPatternClipOptions): string[] {
  const rate = typeof options.frameRate === 'number' ? options.frameRate : rateOf(options.frameRate);
  const gop = String(Math.max(1, Math.round((options.keyframeSeconds ?? 2) * rate)));
  return [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${options.width}x${options.height}:rate=${options.frameRate}`,
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-t',
    String(options.seconds),
    '-c:v',
    'libx264',
    '-preset',
    options.preset ?? 'ultrafast',
    // a fixed GOP with no scene-cut keyframes: segments start where the test expects
    '-g',
    gop,
    '-keyint_min',
    gop,
    '-sc_threshold',
    '0',
    '-bf',
    String(options.bFrames ?? 0),
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-f',
    options.format,
    '-y',
    options.output,
  ];
}

/** "30000/1001" -> 29.97. */
function rateOf(rate: string): number {
  const [num, den] = rate.split('/').map(Number);
  return (num as number) / (den || 1);
}
