import type { Subprocess } from 'bun';
import { FfmpegSupervisor } from '../ffmpeg/supervisor.ts';

export interface FfmpegStdoutSourceOptions {
  /** For logs and the supervisor's name, e.g. `slate:main` or `demo:demo`. */
  name: string;
  /** FFmpeg argv writing MPEG-TS to stdout (see ffmpeg/slate-args.ts, demo-source-args.ts). */
  args: () => string[];
  /** Where the bytes go (a fed packager); what it refuses is dropped. */
  write: (bytes: Uint8Array) => boolean;
}

/**
 * A generated live source (the fallback slate, the demo feeding a ladder): a supervised
 * FFmpeg whose stdout is handed to `write` until stop(). stop() takes effect at once for
 * writes (another source's bytes may follow immediately); the process is reaped after.
 */
export class FfmpegStdoutSource {
  readonly #supervisor: FfmpegSupervisor;
  readonly #write: (bytes: Uint8Array) => boolean;
  #stopped = false;

  constructor(options: FfmpegStdoutSourceOptions) {
    this.#write = options.write;
    this.#supervisor = new FfmpegSupervisor({
      name: options.name,
      args: options.args,
      stdout: 'pipe',
      restartOnCleanExit: true,
      restart: { initialDelayMs: 500, maxDelayMs: 5000, maxAttempts: 0 },
      onSpawn: (proc) => void this.#pump(proc),
    });
  }

  start(): void {
    if (!this.#stopped) this.#supervisor.start();
  }

  stop(): Promise<void> {
    this.#stopped = true;
    return this.#supervisor.stop();
  }

  async #pump(proc: Subprocess): Promise<void> {
    try {
      for await (const bytes of proc.stdout as ReadableStream<Uint8Array>) {
        if (this.#stopped) break;
        // Refused (the packager is between sessions or failed): drop, keep the source running.
        this.#write(bytes);
      }
    } catch {
      // the supervisor restarts a failed source; nothing to add here
    }
  }
}
