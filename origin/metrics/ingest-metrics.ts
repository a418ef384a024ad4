import { Counter, type Registry } from 'prom-client';
import type { PublishRequest } from '../../defs/ingest.ts';
import type { ConnectionLimit } from '../../ingest/connection-limit.ts';
import type { PublishRegistry } from '../../ingest/publish-registry.ts';
import { collectedGauge } from './collected-gauge.ts';

/**
 * Per-stream ingest metrics, read from the publish registry at scrape time: who is
 * publishing over what, at which rate, protocol statistics (SRT RTT, loss...), and
 * the publishes and connections refused.
 */
export function ingestMetrics(
  registry: Registry,
  source: () => { registry: PublishRegistry; limit: ConnectionLimit },
) {
  const gauge = collectedGauge.bind(undefined, registry);
  const active = () => source().registry.active();

  gauge(
    'tidewater_ingest_publisher_state',
    'Publisher state by stream: 1 live, 0.5 reconnecting',
    ['stream', 'protocol'],
    (set) => {
      for (const { stream, status } of active())
        set({ stream: stream.name, protocol: status.protocol ?? '' }, status.state === 'live' ? 1 : 0.5);
    },
  );
  gauge(
    'tidewater_ingest_bitrate_bits_per_second',
    'Receive rate of the publisher over the last seconds',
    ['stream', 'protocol'],
    (set) => {
      for (const { stream, status } of active())
        if (status.state === 'live')
          set({ stream: stream.name, protocol: status.protocol ?? '' }, status.bitrateKbps * 1000);
    },
  );
  gauge(
    'tidewater_ingest_received_bytes',
    'Bytes received from the current publisher',
    ['stream', 'protocol'],
    (set) => {
      for (const { stream, status } of active())
        set({ stream: stream.name, protocol: status.protocol ?? '' }, status.bytesReceived);
    },
  );
  gauge(
    'tidewater_ingest_reconnects',
    'Publishers that continued the stream after a drop or took it over',
    ['stream'],
    (set) => {
      for (const { stream, status } of active()) set({ stream: stream.name }, status.reconnects);
    },
  );
  gauge(
    'tidewater_ingest_protocol_stat',
    'Protocol statistics of the publisher (SRT: rttMs, packetsLost, retransmitted, rateMbps, bufferMs...)',
    ['stream', 'protocol', 'stat'],
    (set) => {
      for (const { stream, status } of active())
        for (const [stat, value] of Object.entries(status.protocolStats))
          if (Number.isFinite(value))
            set({ stream: stream.name, protocol: status.protocol ?? '', stat }, value);
    },
  );
  gauge(
    'tidewater_ingest_connections_refused',
    'Ingest connections refused by the per-IP limit since start',
    [],
    (set) => set({}, source().limit.refused),
  );
  const refused = new Counter({
    name: 'tidewater_ingest_publish_refused_total',
    help: 'Publishes refused: 401 unknown key, 403 stream disabled, 409 a publisher is already live',
    labelNames: ['protocol', 'status'] as const,
    registers: [registry],
  });
  return {
    onRefused: (request: PublishRequest, status: number) =>
      refused.inc({ protocol: request.protocol, status: String(status) }),
  };
}
