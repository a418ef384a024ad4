import type { ServerWebSocket } from 'bun';
import { Hono } from 'hono';
import type { UpgradeWebSocket, WSContext } from 'hono/ws';
import { UnauthorizedError } from '../../defs/errors.ts';
import { type EventBus, type OriginEventName, originEventNames } from '../../defs/events.ts';
import type { IngestStatsEvent, MediaStatsEvent } from '../../defs/stream-status.ts';
import { bearerKey, type Caller } from '../http/api-key-auth.ts';

export interface EventsSocketOptions {
  events: Pick<EventBus, 'on'>;
  identify: (presentedKey: string) => Caller | undefined;
  upgradeWebSocket: UpgradeWebSocket;
  /**
   * Snapshots sent every `statsIntervalMs`, one message per entry: `ingest.stats` per live
   * stream (publisher, bitrate, protocol statistics), `restream.stats` per destination,
   * `media.stats` per packaged stream (the status API's `media`: viewers, origin latency...).
   */
  stats: {
    'ingest.stats': () => IngestStatsEvent[];
    'media.stats': () => MediaStatsEvent[];
    'restream.stats': () => unknown[];
  };
  statsIntervalMs?: number;
}

export const periodicEventNames = ['ingest.stats', 'restream.stats', 'media.stats'] as const;
export type PeriodicEventName = (typeof periodicEventNames)[number];

/** A client this far behind (bytes not yet sent) is closed rather than buffered for. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * `/api/v1/events`: typed origin events over a WebSocket, as JSON lines
 * `{ "type": "stream.live", "data": {...}, "at": "<ISO time>" }`, plus `ingest.stats`
 * per live stream, `media.stats` per packaged stream and `restream.stats` per destination
 * every few seconds. Authenticated with an API key: the Authorization
 * header, or `?access_token=` for browsers (which cannot set headers on a WebSocket).
 * `?types=stream.live,ingest.status` narrows what is sent.
 */
export function eventsSocket(options: EventsSocketOptions) {
  const app = new Hono();
  app.get(
    '/',
    async (c, next) => {
      const presented = bearerKey(c.req.header('authorization')) ?? c.req.query('access_token');
      if (!presented || !options.identify(presented))
        throw new UnauthorizedError('An API key is required: the Authorization header or ?access_token=.');
      await next();
    },
    options.upgradeWebSocket((c) => {
      const wanted = new Set((c.req.query('types') ?? '').split(',').filter(Boolean));
      const wants = (type: string) => wanted.size === 0 || wanted.has(type);
      const unsubscribe: (() => void)[] = [];
      let timer: ReturnType<typeof setInterval> | undefined;
      const send = (ws: WSContext, type: string, data: unknown) => {
        const raw = ws.raw as ServerWebSocket | undefined;
        if (raw && raw.getBufferedAmount() > MAX_BUFFERED_BYTES) {
          ws.close(1013, 'too slow: events were piling up');
          return;
        }
        ws.send(JSON.stringify({ type, data, at: new Date().toISOString() }));
      };
      return {
        onOpen(_event, ws) {
          for (const name of originEventNames as readonly OriginEventName[]) {
            if (wants(name)) unsubscribe.push(options.events.on(name, (data) => send(ws, name, data)));
          }
          const periodic = periodicEventNames.filter(wants);
          if (periodic.length)
            timer = setInterval(() => {
              for (const type of periodic) for (const entry of options.stats[type]()) send(ws, type, entry);
            }, options.statsIntervalMs ?? 2000);
        },
        onClose() {
          for (const off of unsubscribe.splice(0)) off();
          clearInterval(timer);
        },
      };
    }),
  );
  return app;
}
