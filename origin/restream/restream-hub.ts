/**
 * Restream for every stream of this origin: one RestreamFanout per stream that has
 * destinations, kept in line with the destination store, fed from the stream's
 * packager (its source copy) and driven by the stream's life.
 *
 *   packager ─onSourceCopy─> hub.sourceCopy(streamId) ─> fan-out ─> destinations
 *   packager events: live ─> start the enabled ones; restarted ─> new sessions; offline ─> stop
 *   API writes ─> hub.sync(streamId)
 *
 * Destinations exist here (idle, no process) as soon as they are stored, so their
 * status answers before the stream ever goes live.
 */
import type { DestinationRecord } from '../../defs/destination.ts';
import { ConflictError, NotFoundError } from '../../defs/errors.ts';
import type { OriginEvents } from '../../defs/events.ts';
import type { DestinationStore } from '../../defs/ports.ts';
import type { RestreamDestination } from '../../restream/restream-destination.ts';
import { RestreamFanout, type RestreamFanoutOptions } from '../../restream/restream-fanout.ts';
import type { RestreamLog } from '../../restream/restream-state.ts';

export interface RestreamHubOptions {
  destinations: DestinationStore;
  onStatus: (event: OriginEvents['restream.status']) => void;
  log?: RestreamLog;
  /** Applied to every destination (bounds, timeouts, backoff base); its record's attempt limit wins. */
  tuning?: RestreamFanoutOptions['defaults'];
}

interface StreamEntry {
  fanout: RestreamFanout;
  /** What each running destination was built from: a changed record is rebuilt. */
  records: Map<string, DestinationRecord>;
  /** Syncs of one stream run one after another (removing a destination awaits its FFmpeg). */
  syncing: Promise<void>;
}

export class RestreamHub {
  readonly #options: RestreamHubOptions;
  readonly #streams = new Map<string, StreamEntry>();
  /** Streams whose packager is live on this node. */
  readonly #live = new Set<string>();
  #closed = false;

  constructor(options: RestreamHubOptions) {
    this.#options = options;
  }

  /** Builds the idle destinations of every stream that has some. */
  async load(): Promise<void> {
    await Promise.all(this.#options.destinations.streamsWithDestinations().map((id) => this.sync(id)));
  }

  /** The packager's `onSourceCopy` for a stream: synchronous, never waits for a destination. */
  sourceCopy(streamId: string): (bytes: Uint8Array) => void {
    return (bytes) => this.#streams.get(streamId)?.fanout.write(bytes);
  }

  streamLive(streamId: string): void {
    this.#live.add(streamId);
    this.#streams.get(streamId)?.fanout.streamLive();
  }

  /** A new packaging session (publisher back, slate, FFmpeg restart): timestamps start over. */
  sourceRestarted(streamId: string): void {
    void this.#streams.get(streamId)?.fanout.sourceRestarted();
  }

  async streamEnded(streamId: string): Promise<void> {
    this.#live.delete(streamId);
    await this.#streams.get(streamId)?.fanout.streamEnded();
  }

  /** Brings the stream's destinations in line with the store; resolves when that is done. */
  sync(streamId: string): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const entry = this.#streams.get(streamId) ?? this.#newEntry(streamId);
    entry.syncing = entry.syncing.then(() => this.#syncOnce(streamId, entry));
    return entry.syncing;
  }

  /** The running destination of a stored record (after a sync). */
  destination(record: DestinationRecord): RestreamDestination | undefined {
    return this.#streams.get(record.streamId)?.fanout.get(record.id);
  }

  /** Start pushing now (also a disabled destination, until the stream ends). */
  start(record: DestinationRecord): void {
    if (!this.#live.has(record.streamId))
      throw new ConflictError(
        'The stream is not live: its enabled destinations start by themselves when it goes live.',
      );
    this.#mustRun(record).start();
  }

  /** Stop pushing until started again or until the stream goes live next time. */
  async stop(record: DestinationRecord): Promise<void> {
    await this.#mustRun(record).stop();
  }

  /** Every destination of every stream (for metrics). */
  all(): RestreamDestination[] {
    return [...this.#streams.values()].flatMap((entry) => entry.fanout.list());
  }

  async close(): Promise<void> {
    this.#closed = true;
    const entries = [...this.#streams.values()];
    this.#streams.clear();
    await Promise.all(entries.map((entry) => entry.fanout.close()));
  }

  #mustRun(record: DestinationRecord): RestreamDestination {
    const destination = this.destination(record);
    if (!destination) throw new NotFoundError(`Destination ${record.id} is not loaded yet; try again.`);
    return destination;
  }

  #newEntry(streamId: string): StreamEntry {
    const fanout = new RestreamFanout({
      streamId,
      log: this.#options.log,
      defaults: this.#options.tuning,
      onState: (destinationId, state, previous, info) =>
        this.#options.onStatus({
          streamId,
          destinationId,
          name: entry.records.get(destinationId)?.name ?? destinationId,
          state,
          previous,
          reason: info.reason,
          lastError: info.lastError,
        }),
    });
    const entry: StreamEntry = { fanout, records: new Map(), syncing: Promise.resolve() };
    this.#streams.set(streamId, entry);
    return entry;
  }

  async #syncOnce(streamId: string, entry: StreamEntry): Promise<void> {
    if (this.#closed) return;
    const wanted = new Map(this.#options.destinations.listByStream(streamId).map((r) => [r.id, r]));
    for (const [id, running] of entry.records) {
      const next = wanted.get(id);
      if (next && sameSettings(running, next)) {
        entry.records.set(id, next); // a new name only
        continue;
      }
      await entry.fanout.remove(id);
      entry.records.delete(id);
    }
    for (const [id, record] of wanted) {
      if (entry.records.has(id)) continue;
      try {
        entry.fanout.add({
          id,
          url: record.url,
          encode: record.encode ?? undefined,
          enabled: record.enabled,
          restart: { ...this.#options.tuning?.restart, maxAttempts: record.maxAttempts },
        });
        entry.records.set(id, record);
      } catch (error) {
        // stored before a validation rule existed: say so, keep the others running
        this.#options.log?.('error', `restream ${id}: cannot be started: ${(error as Error).message}`, {
          streamId,
          destinationId: id,
        });
      }
    }
    // (an emptied fan-out stays: a Map and no process; a stream's next destination reuses it)
    if (this.#live.has(streamId) && !entry.fanout.live) entry.fanout.streamLive();
  }
}

/** Whether a running destination can keep going as it is (only the name changed). */
function sameSettings(a: DestinationRecord, b: DestinationRecord): boolean {
  return (
    a.url === b.url &&
    a.enabled === b.enabled &&
    a.maxAttempts === b.maxAttempts &&
    JSON.stringify(a.encode) === JSON.stringify(b.encode)
  );
}
