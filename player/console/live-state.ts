/**
 * What the console knows of each stream's liveness, kept current by the event socket:
 * pure reductions (state, event) -> new state, so the list and the detail page agree.
 */
import type { IngestState, StreamStatus } from '../../defs/stream-status.ts';
import type { DestinationView } from './api-types.ts';
import type { ConsoleEvent } from './console-events.ts';

export interface StreamLiveness {
  /** The publisher: live, gone for now (reconnect grace), or none. */
  ingest: IngestState;
  protocol: string | null;
  remoteAddress: string | null;
  bitrateKbps: number;
  /** The packager makes media (a publisher, a pull or the fallback slate). */
  mediaLive: boolean;
  /** Viewers estimated by the origin, HLS and DASH together. */
  viewers: number;
  lastError: string | null;
}

export type Badge = 'live' | 'reconnecting' | 'offline';

export const offline: StreamLiveness = {
  ingest: 'offline',
  protocol: null,
  remoteAddress: null,
  bitrateKbps: 0,
  mediaLive: false,
  viewers: 0,
  lastError: null,
};

/** The one word shown for a stream: reconnecting wins, then live media or a live publisher. */
export function badgeOf(liveness: StreamLiveness | undefined): Badge {
  if (!liveness) return 'offline';
  if (liveness.ingest === 'reconnecting') return 'reconnecting';
  return liveness.ingest === 'live' || liveness.mediaLive ? 'live' : 'offline';
}

/** A stream's liveness from its status answer (the first value before events arrive). */
export function livenessFromStatus(status: StreamStatus): StreamLiveness {
  return {
    ingest: status.ingest.state,
    protocol: status.ingest.protocol,
    remoteAddress: status.ingest.remoteAddress,
    bitrateKbps: status.ingest.bitrateKbps,
    mediaLive: status.media.live,
    viewers: status.media.viewers.hls + status.media.viewers.dash,
    lastError: null,
  };
}

/** The map after one event; unchanged (same object) when the event says nothing new about streams. */
export function reduceLiveness(
  states: ReadonlyMap<string, StreamLiveness>,
  event: ConsoleEvent,
): ReadonlyMap<string, StreamLiveness> {
  const { streamId } = event.data;
  const current = states.get(streamId) ?? offline;
  const next = new Map(states);
  switch (event.type) {
    case 'ingest.status':
      next.set(streamId, {
        ...current,
        ingest: event.data.state,
        protocol: event.data.protocol,
        remoteAddress: event.data.remoteAddress,
        bitrateKbps: event.data.state === 'live' ? current.bitrateKbps : 0,
      });
      return next;
    case 'ingest.stats': {
      const { status } = event.data;
      next.set(streamId, {
        ...current,
        ingest: status.state,
        protocol: status.protocol,
        remoteAddress: status.remoteAddress,
        bitrateKbps: status.bitrateKbps,
      });
      return next;
    }
    case 'media.stats': {
      const { media } = event.data;
      next.set(streamId, {
        ...current,
        mediaLive: media.live,
        viewers: media.viewers.hls + media.viewers.dash,
      });
      return next;
    }
    case 'stream.live':
      next.set(streamId, { ...current, mediaLive: true, lastError: null });
      return next;
    case 'stream.offline':
      next.set(streamId, { ...current, mediaLive: false, bitrateKbps: 0, viewers: 0 });
      return next;
    case 'stream.error':
      next.set(streamId, { ...current, lastError: event.data.message });
      return next;
    case 'stream.deleted':
      next.delete(streamId);
      return next;
    default:
      return states;
  }
}

/** A destination list after a `restream.status` event (state, reason, last error); others pass through. */
export function reduceDestinations(destinations: DestinationView[], event: ConsoleEvent): DestinationView[] {
  if (event.type !== 'restream.status') return destinations;
  const { destinationId, state, reason, lastError } = event.data;
  if (!destinations.some((d) => d.id === destinationId)) return destinations;
  return destinations.map((d) =>
    d.id === destinationId
      ? {
          ...d,
          status: {
            ...d.status,
            state,
            reason,
            since: event.at,
            lastError: lastError ?? d.status.lastError,
            lastErrorAt: lastError && lastError !== d.status.lastError ? event.at : d.status.lastErrorAt,
            // Uptime counts the current live run only.
            uptimeMs: state === 'live' ? d.status.uptimeMs : 0,
          },
        }
      : d,
  );
}
