/**
 * Typed events: the single way components tell each other things. The same
 * shapes cross nodes over Redis pub/sub, so they hold plain JSON values only.
 */
import type { RestreamState } from './destination.ts';

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
  /** A restream destination changed state; every string is masked (no stream keys). */
  'restream.status': {
    streamId: string;
    destinationId: string;
    name: string;
    state: RestreamState;
    previous: string;
    reason: string;
    lastError: string | null;
  };
}

export type OriginEventName = keyof OriginEvents;

/** Every event name, for subscribers of all of them (the event socket). */
export const originEventNames = [
  'stream.created',
  'stream.updated',
  'stream.deleted',
  'stream.live',
  'stream.offline',
  'stream.error',
  'ingest.status',
  'restream.status',
] as const satisfies readonly OriginEventName[];
export type OriginListener<E extends OriginEventName> = (payload: OriginEvents[E]) => void;

/** Port: publish/subscribe of origin events (in-process by default, Redis when configured). */
export interface EventBus {
  emit<E extends OriginEventName>(event: E, payload: OriginEvents[E]): void;
  on<E extends OriginEventName>(event: E, listener: OriginListener<E>): () => void;
}

// Compile-time check that `originEventNames` lists every event: a missing one fails the build.
type UnlistedEvent = Exclude<OriginEventName, (typeof originEventNames)[number]>;
export const everyEventListed: [UnlistedEvent] extends [never] ? true : never = true;
