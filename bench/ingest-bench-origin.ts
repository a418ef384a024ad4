/**
 * One Tidewater origin started in this process for an ingest bench (loopback, port 0,
 * a temp data dir, a known admin key), with the few API calls the benches make.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type Config, configSchema } from '../origin/config/schema.ts';
import { createLogger } from '../origin/logger.ts';
import { type RunningOrigin, startOrigin } from '../origin/start-origin.ts';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

export interface BenchStream {
  id: string;
  name: string;
  streamKey: string;
  udpPort: number;
  partTargetSeconds: number;
}

export interface BenchOriginOptions {
  /** UDP ports to reserve (one per stream created). */
  udpPorts: number;
  /** Per-IP ingest connection cap; the config default (16) when unset. */
  maxConnectionsPerIp?: number;
  /** pino level for the origin's logs, written to stderr; default silent. */
  logLevel?: string;
}

export interface BenchOrigin {
  running: RunningOrigin;
  config: Config;
  createStream(name: string): Promise<BenchStream>;
  deleteStream(id: string): Promise<void>;
  /** The publisher state from the status API (`live`, `offline`...), undefined on failure. */
  ingestState(id: string): Promise<string | undefined>;
  /** The LL-HLS video media playlist of a stream. */
  videoPlaylistUrl(name: string): string;
  /** Idempotent: the bench's finally and its signal handler may both call it. */
  close(): Promise<void>;
}

export async function startBenchOrigin(options: BenchOriginOptions): Promise<BenchOrigin> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tw-ingest-bench-'));
  // A random range of its own, so a bench does not collide with tests running beside it.
  const udpPortMin = 30_000 + Math.floor(Math.random() * 200) * 100;
  const config = configSchema.parse({
    http: { host: '127.0.0.1', port: 0, shutdownGrace: '2s' },
    ingest: {
      host: '127.0.0.1',
      rtmpPort: 0,
      srtPort: 0,
      udpPortMin,
      udpPortMax: udpPortMin + Math.max(options.udpPorts, 1) - 1,
      // A publisher that leaves ends its stream at once: no packager idles in the grace.
      reconnectGrace: '0s',
      ...(options.maxConnectionsPerIp ? { maxConnectionsPerIp: options.maxConnectionsPerIp } : {}),
    },
    storage: { dataDir },
    auth: { adminKey: ADMIN_KEY },
    demo: { enabled: false },
    log: { level: options.logLevel ?? 'silent' },
  });
  const running = await startOrigin(config, createLogger(config.log.level, pino.destination(2)));
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${running.url}/api/v1${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });
  let closing: Promise<void> | undefined;
  return {
    running,
    config,
    async createStream(name) {
      const res = await api('/streams', { method: 'POST', body: JSON.stringify({ name }) });
      if (res.status !== 201) throw new Error(`creating stream ${name}: ${res.status} ${await res.text()}`);
      return (await res.json()) as BenchStream;
    },
    async deleteStream(id) {
      await api(`/streams/${id}`, { method: 'DELETE' });
    },
    async ingestState(id) {
      const res = await api(`/streams/${id}/status`).catch(() => undefined);
      if (!res?.ok) return undefined;
      return ((await res.json()) as { ingest: { state: string } }).ingest.state;
    },
    videoPlaylistUrl: (name) => `${running.url}/hls/${encodeURIComponent(name)}/video.m3u8`,
    close() {
      closing ??= running.close().finally(() => rmSync(dataDir, { recursive: true, force: true }));
      return closing;
    },
  };
}
