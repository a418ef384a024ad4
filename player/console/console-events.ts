/**
 * Messages of the origin's event socket (`/api/v1/events`), checked before use: the
 * console trusts the shape it reads, so anything malformed is dropped here.
 */
import type { OriginEvents, originEventNames } from '../../defs/events.ts';
import type { IngestStatsEvent, MediaStatsEvent } from '../../defs/stream-status.ts';

type Payloads = OriginEvents & { 'ingest.stats': IngestStatsEvent; 'media.stats': MediaStatsEvent };
export type ConsoleEventType = keyof Payloads;
export type ConsoleEvent = {
  [K in ConsoleEventType]: { type: K; data: Payloads[K]; at: string };
}[ConsoleEventType];

/**
 * defs' `originEventNames` plus the two periodic snapshots the console reads. Written out
 * because player/ may import only types; the check below fails the build if it drifts.
 */
const knownTypes = [
  'stream.created',
  'stream.updated',
  'stream.deleted',
  'stream.live',
  'stream.offline',
  'stream.error',
  'ingest.status',
  'ingest.stats',
  'media.stats',
  'restream.status',
] as const satisfies readonly ConsoleEventType[];

// Compile-time check: knownTypes holds exactly defs' event names and the two snapshots.
type ExpectedType = (typeof originEventNames)[number] | 'ingest.stats' | 'media.stats';
type KnownType = (typeof knownTypes)[number];
export const knownTypesMatchDefs: [
  Exclude<ExpectedType, KnownType> | Exclude<KnownType, ExpectedType>,
] extends [never]
  ? true
  : never = true;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The parts of a media status the console computes with (an older origin sends no viewers). */
const isMediaStatus = (value: unknown): boolean =>
  isRecord(value) && isRecord(value.viewers) && isRecord(value.latency) && typeof value.live === 'boolean';

/** One socket message as an event, or undefined when it is not one we understand. */
export function parseConsoleEvent(text: string): ConsoleEvent | undefined {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(message) || !isRecord(message.data)) return undefined;
  const type = message.type as ConsoleEventType;
  if (!knownTypes.includes(type) || typeof message.data.streamId !== 'string') return undefined;
  if (type === 'ingest.stats' && !isRecord(message.data.status)) return undefined;
  if (type === 'media.stats' && !isMediaStatus(message.data.media)) return undefined;
  if (type === 'restream.status' && typeof message.data.destinationId !== 'string') return undefined;
  const at = typeof message.at === 'string' ? message.at : new Date().toISOString();
  return { type, data: message.data, at } as ConsoleEvent;
}
