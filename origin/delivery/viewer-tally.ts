import type { ViewerCounts } from '../../defs/stream-status.ts';

export type ViewerProtocol = keyof ViewerCounts;

export interface ViewerTallyOptions {
  /** A client counts as a viewer this long after its last playlist or MPD request (default 10 s). */
  windowMs?: number;
  /**
   * Distinct clients remembered per stream and protocol (default 100 000): past it a new
   * client is not tallied, only counted in `overflowed`, so memory stays bounded.
   */
  maxClientsPerStream?: number;
  now?: () => number;
}

/**
 * Viewers per stream and protocol, an estimate: a viewer is a client key (see
 * viewer-tally-client.ts) seen on one of the stream's playlists or its MPD within the
 * window. `seen` runs on the delivery hot path, so it is one Map set; expired clients are
 * dropped when counts are read (at most once per `refreshMs`) and once a second after
 * `start()`, never by scanning per request.
 */
export class ViewerTally {
  readonly #windowMs: number;
  readonly #maxClients: number;
  readonly #now: () => number;
  /** Counts are recomputed at most this often: several readers (metrics, sockets) share one pass. */
  readonly #refreshMs: number;
  /** protocol -> stream name -> client key -> last seen (ms). */
  readonly #clients: Record<ViewerProtocol, Map<string, Map<number, number>>> = {
    hls: new Map(),
    dash: new Map(),
  };
  #refreshedAt = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Requests of new clients turned away because their stream's table was full. */
  overflowed = 0;

  constructor(options: ViewerTallyOptions = {}) {
    this.#windowMs = options.windowMs ?? 10_000;
    this.#maxClients = options.maxClientsPerStream ?? 100_000;
    this.#now = options.now ?? Date.now;
    this.#refreshMs = Math.min(1000, this.#windowMs / 4);
  }

  /** Drops expired clients regularly, so memory follows the viewers even when nobody reads counts. */
  start(): void {
    this.#timer ??= setInterval(() => this.#refresh(), this.#refreshMs);
    this.#timer.unref?.();
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** A request of `stream`'s playlist (or MPD) by `client`. Only call it for streams that exist. */
  seen(protocol: ViewerProtocol, stream: string, client: number): void {
    const byStream = this.#clients[protocol];
    let clients = byStream.get(stream);
    if (!clients) {
      clients = new Map();
      byStream.set(stream, clients);
    }
    if (clients.size >= this.#maxClients && !clients.has(client)) {
      this.overflowed++;
      return;
    }
    clients.set(client, this.#now());
  }

  counts(stream: string): ViewerCounts {
    this.#refreshIfStale();
    return {
      hls: this.#clients.hls.get(stream)?.size ?? 0,
      dash: this.#clients.dash.get(stream)?.size ?? 0,
    };
  }

  #refreshIfStale(): void {
    if (this.#now() - this.#refreshedAt >= this.#refreshMs) this.#refresh();
  }

  #refresh(): void {
    const now = this.#now();
    this.#refreshedAt = now;
    const oldest = now - this.#windowMs;
    for (const byStream of Object.values(this.#clients)) {
      for (const [stream, clients] of byStream) {
        // Deleting the current entry while iterating a Map is safe in JS.
        for (const [client, at] of clients) if (at < oldest) clients.delete(client);
        if (clients.size === 0) byStream.delete(stream);
      }
    }
  }
}
