/**
 * One logged-in operator: the API client, the key's scope, the event socket, and what
 * the events tell about each stream (liveness, ingest bitrate and origin latency history). Views read from
 * it and subscribe to its events; logging out closes it.
 */
import type { StreamStatus } from '../../defs/stream-status.ts';
import type { KeyScope } from './api-types.ts';
import { TimeSeries } from './chart-scale.ts';
import { ConsoleApi } from './console-api.ts';
import type { ConsoleEvent } from './console-events.ts';
import { EventSocket, type SocketState } from './event-socket.ts';
import { livenessFromStatus, reduceLiveness, type StreamLiveness } from './live-state.ts';

/** How far back charts look. */
export const CHART_WINDOW_MS = 3 * 60_000;

export class ConsoleSession {
  readonly api: ConsoleApi;
  readonly scope: KeyScope;
  private liveness: ReadonlyMap<string, StreamLiveness> = new Map();
  private readonly bitrates = new Map<string, TimeSeries>();
  private readonly edgeAges = new Map<string, TimeSeries>();
  private readonly listeners = new Set<(event: ConsoleEvent) => void>();
  private readonly stateListeners = new Set<(state: SocketState) => void>();
  private readonly socket: EventSocket;
  socketState: SocketState = 'connecting';

  constructor(options: { key: string; scope: KeyScope; onUnauthorized: (message: string) => void }) {
    this.api = new ConsoleApi({
      key: options.key,
      onUnauthorized: (error) => options.onUnauthorized(error.message),
    });
    this.scope = options.scope;
    this.socket = new EventSocket({
      key: options.key,
      onEvent: (event) => this.receive(event),
      onState: (state) => {
        // Back after a drop: events were missed, so what we knew may be stale; views reload.
        if (state === 'open' && this.socketState === 'closed') this.liveness = new Map();
        this.socketState = state;
        for (const listener of this.stateListeners) listener(state);
      },
    });
  }

  get canWrite(): boolean {
    return this.scope === 'admin';
  }

  start(): void {
    this.socket.start();
  }

  close(): void {
    this.socket.close();
    this.listeners.clear();
    this.stateListeners.clear();
  }

  /** Calls `listener` for each event after the session has applied it; returns the unsubscribe. */
  onEvent(listener: (event: ConsoleEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onSocketState(listener: (state: SocketState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  livenessOf(streamId: string): StreamLiveness | undefined {
    return this.liveness.get(streamId);
  }

  /** A status answer is the freshest word on a stream until the next event. */
  noteStatus(streamId: string, status: StreamStatus): void {
    const next = new Map(this.liveness);
    next.set(streamId, livenessFromStatus(status));
    this.liveness = next;
  }

  /** Publisher bitrate in, kb/s, from `ingest.stats`. */
  bitrateHistory(streamId: string): TimeSeries {
    return seriesOf(this.bitrates, streamId);
  }

  /** Age of the newest playable media at the origin, ms, from `media.stats`. */
  edgeAgeHistory(streamId: string): TimeSeries {
    return seriesOf(this.edgeAges, streamId);
  }

  private receive(event: ConsoleEvent): void {
    this.liveness = reduceLiveness(this.liveness, event);
    if (event.type === 'ingest.stats')
      this.bitrateHistory(event.data.streamId).push(Date.now(), event.data.status.bitrateKbps);
    const edgeAge = event.type === 'media.stats' ? event.data.media.latency.edgeAgeMs : null;
    // A negative age (a source clock a little ahead) charts as zero.
    if (edgeAge !== null) this.edgeAgeHistory(event.data.streamId).push(Date.now(), Math.max(0, edgeAge));
    if (event.type === 'stream.deleted') {
      this.bitrates.delete(event.data.streamId);
      this.edgeAges.delete(event.data.streamId);
    }
    for (const listener of this.listeners) listener(event);
  }
}

function seriesOf(all: Map<string, TimeSeries>, streamId: string): TimeSeries {
  let series = all.get(streamId);
  if (!series) {
    series = new TimeSeries({ maxAgeMs: CHART_WINDOW_MS });
    all.set(streamId, series);
  }
  return series;
}
