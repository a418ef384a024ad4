/** Test support: a real FFmpeg encoder publishing (or trying to play) over RTMP(S). */
import type { Subprocess } from 'bun';

export interface FfmpegClient {
  readonly process: Subprocess<'ignore', 'ignore', 'pipe'>;
  readonly startedAt: number;
  readonly exited: Promise<number>;
  /** What FFmpeg has said on stderr so far (errors only). */
  stderr(): string;
  [Symbol.asyncDispose](): Promise<void>;
}

/** H.264 + AAC test pattern in real time, as OBS would send it, for at most `seconds`. */
export function publishTestStream(url: string, seconds = 30): FfmpegClient {
  return spawnFfmpeg([
    ...['-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25'],
    ...['-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '50'],
    ...['-c:a', 'aac', '-t', String(seconds), '-f', 'flv', url],
  ]);
}

/** An RTMP player: what a viewer (or a restreaming CDN pull) would do. */
export function playStream(url: string): FfmpegClient {
  return spawnFfmpeg(['-rw_timeout', '10000000', '-i', url, '-t', '2', '-f', 'null', '-']);
}

function spawnFfmpeg(args: string[]): FfmpegClient {
  const startedAt = performance.now();
  const process = Bun.spawn(['ffmpeg', '-hide_banner', '-nostdin', '-loglevel', 'error', ...args], {
    stdin: 'ignore',
    stdout: 'ignore',
    stderr: 'pipe',
  });
  let stderr = '';
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of process.stderr) stderr = (stderr + decoder.decode(chunk)).slice(-8_000);
  })();
  return {
    process,
    startedAt,
    exited: process.exited,
    stderr: () => stderr,
    async [Symbol.asyncDispose]() {
      process.kill('SIGKILL');
      await process.exited;
      await reading;
    },
  };
}
