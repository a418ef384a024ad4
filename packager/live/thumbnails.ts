import { thumbnailArgs } from '../../ffmpeg/thumbnail-args.ts';
import { type LivePackager, trackKindOf } from './live-packager.ts';

export interface Thumbnail {
  jpeg: Uint8Array;
  /** Wall-clock time of the frame (the segment's program date time), ms. */
  capturedAtMs: number;
  msn: number;
}

export interface ThumbnailsOptions {
  /** Live packagers by name (the node's LiveStreams). */
  streams: { names(): string[]; get(name: string): LivePackager | undefined };
  /** How often to look for a newer keyframe. */
  intervalMs?: number;
  height?: number;
  /** Longest one decode may take before it is killed. */
  timeoutMs?: number;
}

/**
 * A preview image per live stream, refreshed every few seconds from the newest segment's
 * first part (it starts with a keyframe): FFmpeg decodes that one frame, so a preview
 * costs one frame's decode per interval, not a decode of the stream. Streams are done
 * one after another to bound the CPU taken from packaging.
 */
export class Thumbnails {
  readonly #options: ThumbnailsOptions;
  readonly #latest = new Map<string, Thumbnail>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: ThumbnailsOptions) {
    this.#options = options;
  }

  get(name: string): Thumbnail | undefined {
    return this.#latest.get(name);
  }

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /** One refresh pass over every live stream (exposed for tests). */
  async refresh(): Promise<void> {
    const live = new Set(this.#options.streams.names());
    for (const name of this.#latest.keys()) if (!live.has(name)) this.#latest.delete(name);
    for (const name of live) {
      if (this.#stopped) return;
      const packager = this.#options.streams.get(name);
      // The first video track: `video`, or a ladder's best rendition.
      const videoId = packager?.trackIds.find((id) => trackKindOf(id) === 'video');
      const timeline = videoId === undefined ? undefined : packager?.tracks[videoId];
      const segment = timeline?.segments.at(-1);
      const first = segment?.parts[0];
      if (!timeline || !segment || !first?.independent) continue;
      if (this.#latest.get(name)?.msn === segment.msn) continue;
      const init = timeline.initFor(segment.initVersion);
      if (!init) continue;
      const jpeg = await this.#decode(init.bytes, first.bytes);
      if (jpeg) this.#latest.set(name, { jpeg, capturedAtMs: segment.programDateTimeMs, msn: segment.msn });
    }
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(async () => {
      await this.refresh().catch(() => {});
      if (!this.#stopped) this.#schedule(this.#options.intervalMs ?? 5000);
    }, delayMs);
  }

  async #decode(init: Uint8Array, fragment: Uint8Array): Promise<Uint8Array | undefined> {
    const input = new Uint8Array(init.length + fragment.length);
    input.set(init, 0);
    input.set(fragment, init.length);
    const proc = Bun.spawn(['ffmpeg', ...thumbnailArgs({ height: this.#options.height })], {
      stdin: input,
      stdout: 'pipe',
      stderr: 'ignore',
    });
    const killer = setTimeout(() => proc.kill('SIGKILL'), this.#options.timeoutMs ?? 5000);
    try {
      const jpeg = new Uint8Array(await new Response(proc.stdout).arrayBuffer());
      const code = await proc.exited;
      // JPEG starts with FF D8; anything else is a failed decode.
      return code === 0 && jpeg[0] === 0xff && jpeg[1] === 0xd8 ? jpeg : undefined;
    } finally {
      clearTimeout(killer);
    }
  }
}
