import type { Subprocess } from 'bun';
import { childOutputOn } from '../ffmpeg/child-output.ts';
import { TS_SOURCE_FD } from '../ffmpeg/mpegts-copy-output-args.ts';
import { FfmpegSupervisor } from '../ffmpeg/supervisor.ts';

export interface FfmpegTsSourceOptions {
  /** For logs and the supervisor's name, e.g. `slate:main` or `demo:demo`. */
  name: string;
  /** FFmpeg argv writing MPEG-TS to TS_SOURCE_FD (see ffmpeg/slate-args.ts, demo-source-args.ts). */
  args: () => string[];
  /** Where the bytes go (a fed packager); what it refuses is dropped. */
  write: (bytes: Uint8Array) => boolean;
}

/**
 * A generated live source (the fallback slate, the demo feeding a ladder): a supervised
 * FFmpeg whose MPEG-TS output is handed to `write` until stop(). stop() takes effect at
 * once for writes (another source's bytes may follow immediately); the process is reaped after.
 */
export class FfmpegTsSource {
  readonly #supervisor: FfmpegSupervisor;
  readonly #write: (bytes: Uint8Array) => boolean;
  #stopped = false;

  constructor(options: FfmpegTsSourceOptions) {
    this.#write = options.write;
    this.#supervisor = new FfmpegSupervisor({
      name: options.name,
      args: options.args,
      extraPipes: 1,
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
      await childOutputOn(proc, TS_SOURCE_FD, 'the MPEG-TS source').read((bytes) => {
        // Refused (the packager is between sessions or failed): drop, keep the source running.
        if (!this.#stopped) this.#write(bytes);
      });
    } catch {
      // the supervisor restarts a failed source; nothing to add here
    }
  }
}
