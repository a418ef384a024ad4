import type { Hono } from 'hono';
import type { EventBus } from '../../defs/events.ts';
import type { StreamStore } from '../../defs/ports.ts';
import type { StreamRecord } from '../../defs/stream.ts';
import { chooseVideoEncoder, type VideoEncoderChoice } from '../../ffmpeg/hardware-encoders.ts';
import { ConnectionLimit } from '../../ingest/connection-limit.ts';
import { PublishRegistry, type PublishRegistryOptions } from '../../ingest/publish-registry.ts';
import { RtmpIngest } from '../../ingest/rtmp/rtmp-ingest.ts';
import { SrtIngest } from '../../ingest/srt/srt-ingest.ts';
import { srtKeyEntries } from '../../ingest/srt/srt-key-entries.ts';
import { UdpIngest } from '../../ingest/udp/udp-ingest.ts';
import type { LivePackagerOptions, PackagerEvent } from '../../packager/live/live-packager.ts';
import type { LiveStreams } from '../../packager/live/live-streams.ts';
import type { Config } from '../config/schema.ts';
import { dvrSettings } from '../dvr-settings.ts';
import type { Logger } from '../logger.ts';
import { mediamtxIngest } from './mediamtx-ingest.ts';
import { packagingSink } from './packaging-sink.ts';
import { PullSources } from './pull-sources.ts';

export interface IngestOptions {
  config: Config;
  streams: StreamStore;
  live: LiveStreams;
  events: EventBus;
  logger: Logger;
  onPackagerEvent: (stream: StreamRecord, event: PackagerEvent) => void;
  /** Each stream's part-published callback (metrics, the status's publish delay). */
  onPartPublished?: (stream: StreamRecord) => LivePackagerOptions['onPartPublished'];
  /** Where a stream's source copy goes (its restream destinations). */
  sourceCopy?: (stream: StreamRecord) => (bytes: Uint8Array) => void;
  onRefused?: PublishRegistryOptions['onRefused'];
}

export interface RunningIngest {
  registry: PublishRegistry;
  udp: UdpIngest;
  limit: ConnectionLimit;
  rtmp?: RtmpIngest;
  srt?: SrtIngest;
  /** MediaMTX's hook endpoints, to mount at /ingest/mediamtx (when mediamtx.enabled). */
  mediamtxHooks?: Hono;
  close(): Promise<void>;
}

/**
 * Every ingest listener behind one PublishRegistry, kept in step with the stream store:
 * a stream's UDP port is bound while it exists and is enabled; disabling, deleting or
 * re-keying a stream disconnects its publisher.
 */
export async function startIngest(options: IngestOptions): Promise<RunningIngest> {
  const { config, streams, logger } = options;
  const log = logger.child({ component: 'ingest' });
  const ingestLog = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) =>
    log[level](fields ?? {}, message);

  // Probed once, when the first ladder stream needs it (a test encode per hardware encoder).
  let encoderChoice: Promise<VideoEncoderChoice> | undefined;
  const registry = new PublishRegistry({
    streams,
    sink: packagingSink({
      live: options.live,
      window: (stream) => dvrSettings(config, stream),
      maxPendingBytes: config.ingest.maxPendingBytes,
      fallbackSlate: config.ingest.fallbackSlate,
      videoEncoder: () => (encoderChoice ??= chooseVideoEncoder()),
      log: (message, fields) => log.info(fields, message),
      onEvent: options.onPackagerEvent,
      onPartPublished: options.onPartPublished,
      sourceCopy: options.sourceCopy,
    }),
    reconnectGraceMs: config.ingest.reconnectGrace,
    silenceTimeoutMs: config.ingest.silenceTimeout,
    log: ingestLog,
    onRefused: options.onRefused,
    onStatus: (stream, status) =>
      options.events.emit('ingest.status', {
        streamId: stream.id,
        name: stream.name,
        state: status.state,
        protocol: status.protocol,
        remoteAddress: status.remoteAddress,
      }),
  });
  registry.start();
  const limit = new ConnectionLimit({ perIp: config.ingest.maxConnectionsPerIp });
  const udp = new UdpIngest({ host: config.ingest.host, gate: registry, log: ingestLog });
  const pulls = new PullSources({ gate: registry, log: ingestLog });
  const rtmp = config.ingest.rtmpEnabled
    ? new RtmpIngest({
        host: config.ingest.host,
        port: config.ingest.rtmpPort,
        tls:
          config.ingest.rtmpsCert && config.ingest.rtmpsKey
            ? {
                port: config.ingest.rtmpsPort,
                certPath: config.ingest.rtmpsCert,
                keyPath: config.ingest.rtmpsKey,
              }
            : undefined,
        gate: registry,
        limit,
        log: ingestLog,
      })
    : undefined;
  await rtmp?.start();

  // SRT decides keys during the handshake from a table (see ingest/srt/srt-listen-gate.c).
  const everyStream = () => {
    const all: StreamRecord[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = streams.list({ limit: 500, offset });
      all.push(...page.items);
      if (offset + page.items.length >= page.total || page.items.length === 0) return all;
    }
  };
  const srt = config.ingest.srtEnabled
    ? new SrtIngest({
        host: config.ingest.host,
        port: config.ingest.srtPort,
        gate: registry,
        limit,
        log: ingestLog,
        keys: () => {
          const live = new Set(
            registry
              .active()
              .filter((a) => a.status.state === 'live')
              .map((a) => a.stream.streamKey),
          );
          return srtKeyEntries(everyStream(), (key) => live.has(key));
        },
      })
    : undefined;
  await srt?.start();
  const mediamtx = config.mediamtx.enabled
    ? mediamtxIngest({ config, registry, streams, pulls, log: ingestLog })
    : undefined;

  const keys = new Map<string, string>();
  const sync = async (stream: StreamRecord | undefined, id: string) => {
    const previousKey = keys.get(id);
    if (!stream || !stream.enabled || (previousKey && previousKey !== stream.streamKey)) {
      const why = !stream ? 'stream deleted' : !stream.enabled ? 'stream disabled' : 'stream key rotated';
      registry.kick(id, why);
    }
    if (!stream || !stream.enabled) {
      keys.delete(id);
      if (stream) udp.unbind(stream.udpPort);
      await pulls.set(id, { streamKey: '', name: stream?.name ?? id }, null);
      return;
    }
    keys.set(id, stream.streamKey);
    await pulls.set(id, stream, stream.sourceUrl);
    await udp
      .bind(stream.udpPort, stream)
      .catch((err: Error) =>
        log.warn(
          { stream: stream.name, port: stream.udpPort, err: err.message },
          'cannot bind UDP ingest port',
        ),
      );
  };
  const ports = new Map<string, number>();
  const track = async (id: string) => {
    const stream = streams.get(id);
    const oldPort = ports.get(id);
    if (oldPort !== undefined && oldPort !== stream?.udpPort) udp.unbind(oldPort);
    if (stream) ports.set(id, stream.udpPort);
    else ports.delete(id);
    await sync(stream, id);
  };

  for (let offset = 0; ; offset += 200) {
    const page = streams.list({ limit: 200, offset });
    for (const stream of page.items) await track(stream.id);
    if (offset + page.items.length >= page.total) break;
  }
  const unsubscribe = [
    options.events.on('stream.created', ({ streamId }) => void track(streamId)),
    options.events.on('stream.updated', ({ streamId }) => void track(streamId)),
    // The SRT handshake table follows every change of keys, passphrases and who is live.
    ...(['stream.created', 'stream.updated', 'stream.deleted', 'ingest.status'] as const).map((event) =>
      options.events.on(event, () => srt?.refreshKeys()),
    ),
    options.events.on('stream.deleted', ({ streamId }) => {
      const port = ports.get(streamId);
      ports.delete(streamId);
      if (port !== undefined) udp.unbind(port);
      void sync(undefined, streamId);
    }),
  ];

  await mediamtx?.adoptLivePaths();

  return {
    registry,
    udp,
    limit,
    rtmp,
    srt,
    mediamtxHooks: mediamtx?.hooks,
    async close() {
      for (const off of unsubscribe) off();
      udp.close();
      await rtmp?.close();
      await srt?.close();
      await pulls.closeAll();
      registry.close();
    },
  };
}
