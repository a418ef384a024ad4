/**
 * The restream destinations of ONE stream. The stream's MPEG-TS (the packager's source
 * copy) goes to every destination; each has its own bound and its own FFmpeg, so a slow
 * or dead destination costs the others nothing: `write()` hands the same chunk to each
 * (no copy) and returns at once.
 *
 *   source copy ─write(ts)─> fan-out ─┬─> destination (gate, bounded stdin) ─> ffmpeg ─> YouTube
 *                                      ├─> destination ─> ffmpeg ─> Twitch
 *                                      └─> destination ─> ffmpeg ─> srt://...
 *
 * The stream going live starts the enabled destinations; its end stops them all (EOF,
 * a short drain, then signals) and resolves once no FFmpeg is left.
 */
import type { RestreamDestinationStatus, RestreamState } from '../defs/destination.ts';
import { ConflictError } from '../defs/errors.ts';
import { RestreamDestination, type RestreamDestinationOptions } from './restream-destination.ts';
import type { RestreamLog, RestreamStateInfo } from './restream-state.ts';

/** One destination as the fan-out is given it (from a DestinationRecord plus tuning). */
export interface RestreamDestinationConfig
  extends Omit<RestreamDestinationOptions, 'streamId' | 'log' | 'onState'> {
  /** Disabled destinations are kept (and listed) but not started when the stream goes live. */
  enabled?: boolean;
}

export interface RestreamFanoutOptions {
  streamId: string;
  log?: RestreamLog;
  onState?: (
    destinationId: string,
    state: RestreamState,
    previous: RestreamState,
    info: RestreamStateInfo,
  ) => void;
  /** Applied to every destination unless its config says otherwise (bounds, backoff, binary). */
  defaults?: Partial<Omit<RestreamDestinationConfig, 'id' | 'url'>>;
}

interface Entry {
  destination: RestreamDestination;
  enabled: boolean;
}

export class RestreamFanout implements AsyncDisposable {
  readonly streamId: string;
  readonly #options: RestreamFanoutOptions;
  readonly #entries = new Map<string, Entry>();
  #live = false;
  #closed = false;

  constructor(options: RestreamFanoutOptions) {
    this.streamId = options.streamId;
    this.#options = options;
  }

  /** Whether the stream is live (destinations added now start at once). */
  get live(): boolean {
    return this.#live;
  }

  /** Throws ValidationError for a bad URL or profile, ConflictError for a taken id. */
  add(config: RestreamDestinationConfig): RestreamDestination {
    if (this.#closed) throw new Error(`restream fan-out of ${this.streamId} is closed`);
    if (this.#entries.has(config.id))
      throw new ConflictError(`Stream ${this.streamId} already has a destination ${config.id}.`);
    const { enabled = true, ...options } = { ...this.#options.defaults, ...config };
    const destination = new RestreamDestination({
      ...options,
      streamId: this.streamId,
      log: this.#options.log,
      onState: (state, previous, info) => this.#options.onState?.(config.id, state, previous, info),
    });
    this.#entries.set(config.id, { destination, enabled });
    if (this.#live && enabled) destination.start();
    return destination;
  }

  /** Stops the destination's FFmpeg and forgets it; false when there was none. */
  async remove(id: string): Promise<boolean> {
    const entry = this.#entries.get(id);
    if (!entry) return false;
    this.#entries.delete(id);
    await entry.destination.close();
    return true;
  }

  get(id: string): RestreamDestination | undefined {
    return this.#entries.get(id)?.destination;
  }

  list(): RestreamDestination[] {
    return [...this.#entries.values()].map((entry) => entry.destination);
  }

  statuses(): RestreamDestinationStatus[] {
    return this.list().map((destination) => destination.status());
  }

  /** The stream's MPEG-TS. Synchronous; never waits for any destination. */
  write(ts: Uint8Array): void {
    for (const { destination } of this.#entries.values()) {
      try {
        destination.write(ts);
      } catch (error) {
        // one destination's bug must not starve the others
        this.#options.log?.('error', `restream ${destination.id}: write failed: ${String(error)}`, {
          streamId: this.streamId,
          destinationId: destination.id,
        });
      }
    }
  }

  /** The stream went live: start every enabled destination. */
  streamLive(): void {
    if (this.#closed) return;
    this.#live = true;
    for (const { destination, enabled } of this.#entries.values()) if (enabled) destination.start();
  }

  /** The source restarted (new timestamps): running destinations begin a new session. */
  async sourceRestarted(): Promise<void> {
    await Promise.all(this.list().map((destination) => destination.sourceRestarted()));
  }

  /** The stream ended: every destination drains and stops; resolves when no FFmpeg is left. */
  async streamEnded(): Promise<void> {
    this.#live = false;
    await Promise.all(this.list().map((destination) => destination.sourceEnded()));
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#live = false;
    const destinations = this.list();
    this.#entries.clear();
    await Promise.all(destinations.map((destination) => destination.close()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
