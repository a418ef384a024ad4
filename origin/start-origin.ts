import type { Database } from 'bun:sqlite';
import { join, resolve } from 'node:path';
import { createBunWebSocket } from 'hono/bun';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { StreamRecord } from '../defs/stream.ts';
import { isRunnable } from '../ffmpeg/capabilities.ts';
import pkg from '../package.json' with { type: 'json' };
import type { PackagerEvent } from '../packager/live/live-packager.ts';
import { LiveStreams } from '../packager/live/live-streams.ts';
import { Thumbnails } from '../packager/live/thumbnails.ts';
import { InProcessEventBus } from '../state/in-process-event-bus.ts';
import { connectRedis, pingRedis, type RedisConnection } from '../state/redis/redis-connection.ts';
import { SqliteApiKeyStore } from '../state/sqlite/api-key-store.ts';
import { SqliteAssetStore } from '../state/sqlite/asset-store.ts';
import { SqliteDestinationStore } from '../state/sqlite/destination-store.ts';
import { openDatabase, probeWritable } from '../state/sqlite/open-database.ts';
import { SqliteStreamStore } from '../state/sqlite/stream-store.ts';
import { publicBaseUrl } from './config/load-config.ts';
import type { Config } from './config/schema.ts';
import { consoleDelivery } from './delivery/console-delivery.ts';
import { dashDelivery, timeEndpoint } from './delivery/dash-delivery.ts';
import { hlsDelivery } from './delivery/hls-delivery.ts';
import { playerDelivery } from './delivery/player-delivery.ts';
import { thumbnailDelivery } from './delivery/thumbnail-delivery.ts';
import { ViewerTally } from './delivery/viewer-tally.ts';
import { vodDelivery } from './delivery/vod-delivery.ts';
import { chooseDemoLadder } from './demo-ladder-choice.ts';
import { type DemoStream, demoStream } from './demo-stream.ts';
import { dvrSettings } from './dvr-settings.ts';
import { cachedCheck, type ReadinessCheck } from './health/readiness.ts';
import { httpApp } from './http-app.ts';
import { type RunningIngest, startIngest } from './ingest/start-ingest.ts';
import { mediaStatus, type StreamStatusSources, streamStatus } from './ingest/stream-status.ts';
import { landingPage } from './landing-page.ts';
import type { Logger } from './logger.ts';
import { ingestMetrics } from './metrics/ingest-metrics.ts';
import { mediaMetrics } from './metrics/media-metrics.ts';
import { restreamMetrics } from './metrics/restream-metrics.ts';
import { viewerMetrics } from './metrics/viewer-metrics.ts';
import { RecordingRetention } from './recording/recording-retention.ts';
import { startRecording } from './recording/start-recording.ts';
import { RestreamHub } from './restream/restream-hub.ts';

export interface RunningOrigin {
  /** Absolute public base URL (no trailing slash). */
  url: string;
  port: number;
  /** Playback URLs of the demo stream, when it runs. */
  demo?: { hls: string; dash: string; player: string };
  /** Bound ingest listener ports (port 0 in the config picks a free one). */
  ingestPorts: { rtmp?: number; rtmps?: number; srt?: number };
  /** Set when this start generated the first admin key: shown once, never stored in clear. */
  generatedAdminKey?: string;
  /** Stop accepting, let in-flight requests finish within the grace time, release everything. */
  close(): Promise<void>;
}

/** Knobs that are not configuration: tests shorten the viewer window instead of waiting 10 s. */
export interface StartOriginOptions {
  viewerWindowMs?: number;
}

/**
 * Wires every component for one origin process and starts listening. The only
 * place that knows all of them besides main.ts (which adds signals and printing).
 */
export async function startOrigin(
  config: Config,
  logger: Logger,
  options: StartOriginOptions = {},
): Promise<RunningOrigin> {
  const dataDir = resolve(config.storage.dataDir);
  const db: Database = openDatabase(join(dataDir, 'tidewater.db'));
  const streams = new SqliteStreamStore({
    db,
    udpPortRange: { min: config.ingest.udpPortMin, max: config.ingest.udpPortMax },
  });
  const apiKeys = new SqliteApiKeyStore({ db });
  const assets = new SqliteAssetStore({ db });
  const destinations = new SqliteDestinationStore({ db });
  const events = new InProcessEventBus({
    onListenerError: (event, err) => logger.error({ event, err }, 'event listener failed'),
  });

  let generatedAdminKey: string | undefined;
  if (!config.auth.adminKey && apiKeys.count() === 0) {
    generatedAdminKey = apiKeys.create('first admin key (generated at first start)', 'admin').key;
  }

  let redis: RedisConnection | undefined;
  if (config.redis.url) {
    redis = await connectRedis(config.redis.url, (err) =>
      logger.warn({ err: err.message }, 'redis connection problem'),
    ).catch((err: Error) => {
      throw new Error(`cannot reach Redis at redis.url: ${err.message}`);
    });
  }

  const metrics = new Registry();
  // Event-loop delay sampled every 500 ms: prom-client's 10 ms default alone cost ~1 % of a
  // core idle, and every wakeup counts against an idle origin. A loop held up for longer than
  // a sample still shows in the histogram (the sample fires that much late).
  collectDefaultMetrics({ register: metrics, prefix: 'tidewater_', eventLoopMonitoringPrecision: 500 });

  const readiness: Record<string, ReadinessCheck> = {
    state: () => {
      probeWritable(db);
      return { ok: true, detail: 'sqlite accepts writes' };
    },
    ffmpeg: cachedCheck(async () => ({ ok: true, detail: await isRunnable() }), 30_000),
  };
  if (redis) {
    const client = redis;
    readiness.redis = async () => ({ ok: true, detail: `PING ${await pingRedis(client)}` });
  }

  // The public URL depends on the bound port when port 0 was asked for: resolve after listen.
  let baseUrl = '';
  const urls = {
    get publicBaseUrl() {
      return baseUrl;
    },
    ingestHost: config.ingest.publicHost,
    // The bound ports (port 0 picks one), once the listeners run.
    get rtmpPort() {
      return ingest.rtmp?.port ?? config.ingest.rtmpPort;
    },
    get srtPort() {
      return ingest.srt?.port ?? config.ingest.srtPort;
    },
  };

  const live = new LiveStreams();
  const socket = createBunWebSocket();
  // Streams with `record` are written to disk while live and become VOD assets when they end.
  const recording = await startRecording({
    events,
    streams,
    assets,
    dataDir,
    packagerOf: (name) => live.get(name),
    log: (level, msg, fields) => logger[level](fields ?? {}, msg),
  });
  const retention = new RecordingRetention({
    assets,
    dataDir,
    retentionMs: config.recording.retention,
    maxTotalBytes: config.recording.maxTotalGiB * 2 ** 30,
    intervalMs: config.recording.sweepInterval,
    log: (level, msg, fields) => logger[level](fields, msg),
  });
  retention.start();
  const media = mediaMetrics(metrics, live);
  // Viewers per stream: who polled a playlist or the MPD lately (fed by the delivery below).
  const viewers = new ViewerTally({ windowMs: options.viewerWindowMs });
  viewers.start();
  viewerMetrics(metrics, viewers, live);
  const streamDefaults = {
    partTargetSeconds: config.media.partTarget / 1000,
    segmentTargetSeconds: config.media.segmentTarget / 1000,
  };

  // Each stream's restream destinations, fed from its packager's source copy.
  const restream = new RestreamHub({
    destinations,
    onStatus: (status) => events.emit('restream.status', status),
    log: (level, msg, fields) => logger[level](fields ?? {}, msg),
  });
  await restream.load();
  restreamMetrics(metrics, () => restream.all());
  events.on('stream.deleted', ({ streamId }) => void restream.sync(streamId));

  const onPackagerEvent = (record: StreamRecord, event: PackagerEvent) => {
    if (event.kind === 'live') {
      restream.streamLive(record.id);
      events.emit('stream.live', { streamId: record.id, name: record.name });
    }
    if (event.kind === 'restarted') restream.sourceRestarted(record.id);
    if (event.kind === 'offline') {
      void restream.streamEnded(record.id);
      events.emit('stream.offline', { streamId: record.id, name: record.name, reason: event.reason });
    }
    if (event.kind === 'error') events.emit('stream.error', { streamId: record.id, message: event.message });
    const level = event.kind === 'error' ? 'warn' : 'info';
    logger[level]({ stream: record.name, ...event }, `stream ${event.kind}`);
  };
  const thumbnails = new Thumbnails({ streams: live, intervalMs: config.media.thumbnailInterval });
  const ingestTelemetry = ingestMetrics(metrics, () => ingest);
  const ingest: RunningIngest = await startIngest({
    onRefused: ingestTelemetry.onRefused,
    config,
    streams,
    live,
    events,
    logger,
    onPackagerEvent,
    onPartPublished: (stream) => (part) => media.observePartPublished(part, stream.name),
    sourceCopy: (stream) => restream.sourceCopy(stream.id),
  });

  const statusSources: StreamStatusSources = {
    ingest: ingest.registry,
    live,
    viewers,
    publishDelays: media.publishDelays,
  };
  const app = httpApp({
    logger,
    metrics,
    readiness,
    streams,
    apiKeys,
    events,
    urls,
    environmentAdminKey: config.auth.adminKey,
    recordings: { assets, dataDir },
    restream: { destinations, restream },
    bodyLimitBytes: config.http.bodyLimitBytes,
    streamDefaults: {
      partTargetSeconds: config.media.partTarget / 1000,
      segmentTargetSeconds: config.media.segmentTarget / 1000,
    },
    eventSocket: {
      events,
      upgradeWebSocket: socket.upgradeWebSocket,
      stats: {
        'ingest.stats': () =>
          ingest.registry
            .active()
            .map(({ stream, status }) => ({ streamId: stream.id, name: stream.name, status })),
        'restream.stats': () => restream.all().map((destination) => destination.status()),
        'media.stats': () =>
          live.names().flatMap((name) => {
            const stream = streams.findByName(name);
            return stream ? [{ streamId: stream.id, name, media: mediaStatus(name, statusSources) }] : [];
          }),
      },
    },
    streamStatus: (stream) => streamStatus(stream, statusSources),
    version: pkg.version,
    landingPage: () => landingPage({ baseUrl, liveStreams: live.names() }),
    mounts: [
      ...(ingest.mediamtxHooks ? [{ path: '/ingest/mediamtx', app: ingest.mediamtxHooks }] : []),
      {
        path: '/dash',
        app: dashDelivery({
          live,
          corsOrigin: config.http.corsOrigin,
          timeUrl: () => `${baseUrl}/time`,
          viewers,
        }),
      },
      { path: '/time', app: timeEndpoint(config.http.corsOrigin) },
      // Viewer pages /watch/<stream>, /embed/<stream> and their built script /player/<file>.
      {
        path: '/',
        app: playerDelivery({ baseUrl: () => baseUrl }),
      },
      { path: '/vod', app: vodDelivery({ assets, dataDir, corsOrigin: config.http.corsOrigin }) },
      { path: '/thumbnails', app: thumbnailDelivery({ thumbnails, corsOrigin: config.http.corsOrigin }) },
      // The operator console at /console and its built files at /console/assets/<file>.
      { path: '/console', app: consoleDelivery() },
      {
        path: '/hls',
        app: hlsDelivery({
          live,
          corsOrigin: config.http.corsOrigin,
          onWaitingChange: media.onWaitingChange,
          viewers,
        }),
      },
    ],
  });

  const server = Bun.serve({
    hostname: config.http.host,
    port: config.http.port,
    fetch: app.fetch,
    websocket: socket.websocket,
    idleTimeout: 30,
  });
  const port = server.port as number;
  baseUrl = publicBaseUrl(config, port);
  logger.info({ url: baseUrl, port }, 'listening');

  let demo: RunningOrigin['demo'];
  let demoFeed: DemoStream | undefined;
  if (config.demo.enabled) {
    const ladder = await chooseDemoLadder(config.demo.ladder, logger);
    const started = demoStream({
      name: config.demo.name,
      streams,
      window: (stream) => dvrSettings(config, stream),
      defaults: streamDefaults,
      ladder,
      onPartPublished: (part) => media.observePartPublished(part, config.demo.name),
      sourceCopy: (stream) => restream.sourceCopy(stream.id),
      onEvent: (record, event) => {
        onPackagerEvent(record, event);
        // A fed packager's FFmpeg that failed has no restart of its own: start a new session.
        if (event.kind === 'error') setTimeout(() => void started.packager.attachSource(), 1000);
      },
    });
    const { stream, packager } = started;
    demoFeed = started;
    live.start(stream.name, packager);
    started.start();
    demo = {
      hls: `${baseUrl}/hls/${stream.name}/index.m3u8`,
      dash: `${baseUrl}/dash/${stream.name}/manifest.mpd`,
      player: `${baseUrl}/watch/${stream.name}`,
    };
  }

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    demo,
    generatedAdminKey,
    ingestPorts: { rtmp: ingest.rtmp?.port, rtmps: ingest.rtmp?.tlsPort, srt: urls.srtPort },
    close() {
      closing ??= (async () => {
        const graceful = server.stop(false);
        thumbnails.stop();
        viewers.close();
        await demoFeed?.stop();
        await ingest.close();
        // Ending the streams first answers held playlist requests at once (with ENDLIST).
        await live.closeAll();
        await restream.close();
        await recording.close();
        await retention.close();
        const timedOut = await Promise.race([
          graceful.then(() => false),
          Bun.sleep(config.http.shutdownGrace).then(() => true),
        ]);
        if (timedOut) {
          logger.warn(
            { graceMs: config.http.shutdownGrace },
            'in-flight requests outlived the shutdown grace; closing them',
          );
          await server.stop(true);
        }
        // destroy, not quit: quit waits for an answer that an unreachable Redis never sends.
        if (redis?.isOpen) redis.destroy();
        db.close();
        logger.info('stopped');
      })();
      return closing;
    },
  };
}
