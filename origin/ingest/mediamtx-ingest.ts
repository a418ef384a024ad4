import type { StreamStore } from '../../defs/ports.ts';
import { MediamtxControlClient } from '../../ingest/mediamtx/control-api-client.ts';
import { mediamtxHookApp } from '../../ingest/mediamtx/mediamtx-hook-app.ts';
import { streamKeyFromPath } from '../../ingest/mediamtx/stream-key-path.ts';
import type { IngestLog, PublishRegistry } from '../../ingest/publish-registry.ts';
import type { Config } from '../config/schema.ts';
import type { PullSources } from './pull-sources.ts';

/**
 * MediaMTX in front: its auth callback asks our registry; a ready path is pulled over
 * RTSP and published like any source; a path that goes away stops its pull (the stream
 * then waits out the reconnect grace like a dropped publisher).
 */
export function mediamtxIngest(options: {
  config: Config;
  registry: PublishRegistry;
  streams: Pick<StreamStore, 'findByKey'>;
  pulls: PullSources;
  log: IngestLog;
}) {
  const { config, registry, pulls, log } = options;
  const base = config.mediamtx.pullUrl.replace(/\/+$/, '');
  const owner = (path: string) => `mediamtx:${path}`;
  const startPull = async (path: string, streamKey: string) => {
    const stream = options.streams.findByKey(streamKey);
    if (!stream) return; // the auth hook refused it already; nothing to pull
    await pulls.set(owner(path), stream, `${base}/${path}`);
  };
  const trusted = config.mediamtx.trustedReaders
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

  const hooks = mediamtxHookApp({
    gate: registry,
    sharedSecret: config.mediamtx.hookSecret || undefined,
    trustedReaders: trusted.length ? trusted : undefined,
    log,
    onPathReady: (path, event) => startPull(path, event.streamKey),
    onPathNotReady: (path) => pulls.set(owner(path), { streamKey: '', name: path }, null),
  });

  return {
    hooks,
    /** Paths already live when the origin starts sent their ready hook to nobody: adopt them. */
    async adoptLivePaths(): Promise<void> {
      if (!config.mediamtx.apiUrl) return;
      try {
        const client = new MediamtxControlClient({ baseUrl: config.mediamtx.apiUrl });
        for (const path of await client.listPaths()) {
          const key = streamKeyFromPath(path.name, 'live');
          if (path.ready && key) await startPull(path.name, key);
        }
      } catch (error) {
        log('warn', 'cannot list MediaMTX paths at start', { error: (error as Error).message });
      }
    },
  };
}
