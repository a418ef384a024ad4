import type { Subprocess } from 'bun';
import { type SlateOptions, slateArgs } from '../../ffmpeg/slate-args.ts';
import { FfmpegSupervisor } from '../../ffmpeg/supervisor.ts';

export interface SlateSourceOptions extends SlateOptions {
  name: string;
  /** Where the slate's MPEG-TS goes (the stream's packager). */
  write: (bytes: Uint8Array) => boolean;
}

/**
 * The fallback slate as a live source: a supervised FFmpeg encodes the card and its
 * MPEG-TS is handed to `write` until stop(). stop() takes effect at once for writes
 * (the publisher's bytes may follow immediately), the process is reaped after.
 */
export class SlateSource {
  readonly #supervisor: FfmpegSupervisor;
  readonly #write: (bytes: Uint8Array) => boolean;
  #stopped = false;

  constructor(options: SlateSourceOptions) {
    this.#write = options.write;
    this.#supervisor = new FfmpegSupervisor({
      name: `slate:${options.name}`,
      args: () => slateArgs(options),
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
        if (this.#stopped || !this.#write(bytes)) break;
      }
    } catch {
      // the supervisor restarts a failed slate; nothing to add here
    }
  }
}
