import type { Subprocess } from 'bun';

export interface TestPublisherOptions {
  /** Where and how ffmpeg publishes, e.g. `['-f', 'mpegts', 'udp://127.0.0.1:10000?pkt_size=1316']`. */
  output: string[];
  /** Seconds between keyframes (the encoder's GOP). */
  keyframeSeconds?: number;
  frameRate?: number;
  size?: string;
}

/**
 * A live encoder for tests: ffmpeg's test pattern and tone, x264 zero-latency and AAC,
 * paced in real time (-re) like a camera, until stopped.
 */
export function startTestPublisher(options: TestPublisherOptions): Subprocess {
  const rate = options.frameRate ?? 25;
  const gop = Math.round((options.keyframeSeconds ?? 1) * rate);
  const proc = Bun.spawn(
    [
      'ffmpeg',
      '-hide_banner',
      '-loglevel',
      'error',
      '-re',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${options.size ?? '320x240'}:rate=${rate}`,
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-tune',
      'zerolatency',
      '-g',
      String(gop),
      '-keyint_min',
      String(gop),
      '-sc_threshold',
      '0',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '64k',
      ...options.output,
    ],
    { stdin: 'ignore', stdout: 'ignore', stderr: 'pipe' },
  );
  // Subprocess is AsyncDisposable: `await using` kills it and waits for the exit.
  return proc;
}
