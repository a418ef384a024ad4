import type { Registry } from 'prom-client';
import { restreamStates } from '../../defs/destination.ts';
import type { RestreamDestination } from '../../restream/restream-destination.ts';
import { collectedGauge } from './collected-gauge.ts';

/**
 * Restream destinations at scrape time: how many are in each state (alert on `failed`
 * or a long `retrying`), and per destination the bytes out, reconnects and drops.
 * Labelled by stream id and destination id: names change, URLs hold secrets.
 */
export function restreamMetrics(registry: Registry, destinations: () => RestreamDestination[]) {
  const gauge = collectedGauge.bind(undefined, registry);

  gauge('tidewater_restream_destinations', 'Restream destinations by state', ['state'], (set) => {
    const counts = new Map<string, number>(restreamStates.map((state) => [state, 0]));
    for (const destination of destinations())
      counts.set(destination.state, (counts.get(destination.state) ?? 0) + 1);
    for (const [state, count] of counts) set({ state }, count);
  });
  const perDestination = (
    name: string,
    help: string,
    value: (status: ReturnType<RestreamDestination['status']>) => number | null,
  ) =>
    gauge(name, help, ['stream_id', 'destination_id', 'protocol'], (set) => {
      for (const destination of destinations()) {
        const status = destination.status();
        const v = value(status);
        if (v !== null)
          set({ stream_id: status.streamId ?? '', destination_id: status.id, protocol: status.protocol }, v);
      }
    });
  perDestination(
    'tidewater_restream_sent_bytes',
    'Bytes the destination pushed out (all sessions)',
    (s) => s.bytesOut,
  );
  perDestination(
    'tidewater_restream_reconnects',
    'New sessions since the destination last started',
    (s) => s.reconnects,
  );
  perDestination(
    'tidewater_restream_dropped_bytes',
    'Bytes dropped because the destination fell behind',
    (s) => s.droppedBytes,
  );
}
