/**
 * Typed events: the single way components tell each other things. The same
 * shapes cross nodes over Redis pub/sub, so they hold plain JSON values only.
 */
export interface OriginEvents {
  'stream.created': { streamId: string; name: string };
  'stream.updated': { streamId: string };
  'stream.deleted': { streamId: string };
  'stream.live': { streamId: string; name: string };
  'stream.offline': { streamId: string; name: string; reason: string };
  'stream.error': { streamId: string; message: string };
  /** A stream's publisher connected, left (reconnecting) or is gone (offline). */
  'ingest.status': {
    streamId: string;
    name: string;
    state: 'live' | 'reconnecting' | 'offline';
    protocol: string | null;
    remoteAddress: string | null;
  };
}

export type OriginEventName = keyof OriginEvents;
export type OriginListener<E extends OriginEventName> = (payload: OriginEvents[E]) => void;

/** Port: publish/subscribe of origin events (in-process by default, Redis when configured). */
export interface EventBus {
  emit<E extends OriginEventName>(event: E, payload: OriginEvents[E]): void;
  on<E extends OriginEventName>(event: E, listener: OriginListener<E>): () => void;
}
