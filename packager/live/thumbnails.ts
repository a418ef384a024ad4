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
  /** A preview older than this is remade on the next request. */
  intervalMs?: number;
  height?: number;
  /** Longest one decode may take before it is killed. */
  timeoutMs?: number;
  now?: () => number;
}

interface Entry {
  thumbnail: Thumbnail;
  /** When the newest segment was last looked at for this preview. */
  checkedAtMs: number;
}

/**
 * A preview image per live stream, made when someone asks for it, from the newest
 * segment's first part (it starts with a keyframe): FFmpeg decodes that one frame.
 *
 * Why on request and not on a timer: each decode is a short FFmpeg process, and starting
 * one costs ~0.1 s of CPU before it decodes anything. Refreshing every stream every 5 s
 * took 3 % of a core per stream whether or not anyone looked (a 64-stream node: two
 * cores). Now an unwatched stream costs nothing, and a watched one at most one decode
 * per interval. A request for a stale preview gets the old image at once and starts the
 * refresh (the console polls, so it sees the new one next time); only a stream's first
 * request waits for a decode. Decodes run one after another to bound the CPU taken from
 * packaging.
 */
export class Thumbnails {
  readonly #options: ThumbnailsOptions;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  readonly #refreshing = new Map<string, Promise<Thumbnail | undefined>>();
  /** The decode queue: each refresh starts when the previous one ended. */
  #queue: Promise<unknown> = Promise.resolve();
  #stopped = false;

  constructor(options: ThumbnailsOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** The stream's preview; undefined when it is not live or has no keyframe-led segment yet. */
  async get(name: string): Promise<Thumbnail | undefined> {
    const packager = this.#options.streams.get(name);
    if (!packager) {
      this.#entries.delete(name);
      return undefined;
    }
    const entry = this.#entries.get(name);
    if (entry && this.#now() - entry.checkedAtMs < (this.#options.intervalMs ?? 5000)) return entry.thumbnail;
    const refresh = this.#refresh(name, packager);
    return entry ? entry.thumbnail : await refresh;
  }

  /** No decodes after this; previews already made are still served. */
  stop(): void {
    this.#stopped = true;
  }

  #refresh(name: string, packager: LivePackager): Promise<Thumbnail | undefined> {
    const running = this.#refreshing.get(name);
    if (running) return running;
    const refresh = this.#queue
      .then(() => this.#make(name, packager))
      .catch(() => undefined)
      .finally(() => this.#refreshing.delete(name));
    this.#refreshing.set(name, refresh);
    this.#queue = refresh;
    this.#forgetEnded();
    return refresh;
  }

  async #make(name: string, packager: LivePackager): Promise<Thumbnail | undefined> {
    const previous = this.#entries.get(name);
    if (this.#stopped) return previous?.thumbnail;
    // The first video track: `video`, or a ladder's best rendition.
    const videoId = packager.trackIds.find((id) => trackKindOf(id) === 'video');
    const timeline = videoId === undefined ? undefined : packager.tracks[videoId];
    const segment = timeline?.segments.at(-1);
    const first = segment?.parts[0];
    if (!timeline || !segment || !first?.independent) return previous?.thumbnail;
    const checkedAtMs = this.#now();
    if (previous?.thumbnail.msn === segment.msn) {
      previous.checkedAtMs = checkedAtMs;
      return previous.thumbnail;
    }
    const init = timeline.initFor(segment.initVersion);
    const jpeg = init ? await this.#decode(init.bytes, first.bytes) : undefined;
    if (!jpeg) return previous?.thumbnail;
    const thumbnail = { jpeg, capturedAtMs: segment.programDateTimeMs, msn: segment.msn };
    this.#entries.set(name, { thumbnail, checkedAtMs });
    return thumbnail;
  }

  /** Previews of streams that ended are dropped (checked whenever a refresh starts). */
  #forgetEnded(): void {
    const live = new Set(this.#options.streams.names());
    for (const name of this.#entries.keys()) if (!live.has(name)) this.#entries.delete(name);
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
