/**
 * The connection part of the capacity bench: one good RTMP stream publishes while
 * hundreds of idle TCP connections hit the RTMP port from 127.0.0.1 and further
 * 127.0.0.x addresses, against an origin with the default per-IP cap. Reports what was
 * accepted and refused, when the origin dropped the idle ones, whether the good stream
 * kept up meanwhile, and whether publishing from a capped address works again after.
 */
import type { BenchCleanup } from './ingest-bench-cleanup.ts';
import { startBenchOrigin } from './ingest-bench-origin.ts';
import { floodIdleConnections } from './ingest-connection-flood.ts';
import { startPublishedStream, waitUntilEnded, waitUntilLive } from './ingest-published-stream.ts';
import { ResourceMeter, type ResourceWindow } from './ingest-resource-meter.ts';
import type { WatchWindow } from './ingest-stream-watch.ts';

export interface FloodReport {
  perIpCap: number;
  sourceIps: number;
  attempted: number;
  accepted: number;
  refused: number;
  failed: number;
  expectedAccepted: number;
  /** Median ms from connect to the origin closing an accepted idle connection. */
  idleClosedAfterMs: number;
  idleClosed: number;
  /** A publish from 127.0.0.1 while it is at its cap. */
  publishWhileCapped: 'refused' | 'accepted';
  goodStream: WatchWindow & { publisherAlive: boolean };
  /** A publish from 127.0.0.1 once the idle connections are gone: ms to its first part, or null. */
  publishAfterMs: number | null;
  resources: ResourceWindow;
}

export interface FloodOptions {
  cleanup: BenchCleanup;
  sourceFile: string;
  sourceIps: number;
  perIp: number;
  logLevel: string;
}

export async function runConnectionFlood(options: FloodOptions): Promise<FloodReport> {
  const { cleanup, sourceFile } = options;
  const origin = await startBenchOrigin({ udpPorts: 4, logLevel: options.logLevel });
  cleanup.onClose(() => origin.close());
  try {
    const port = origin.running.ingestPorts.rtmp as number;
    const publish = (name: string) =>
      startPublishedStream({ origin, cleanup, sourceFile, protocol: 'rtmp', name });
    const good = await publish('flood-good');
    await waitUntilLive([good], 20_000);
    const meter = new ResourceMeter(() => [good.publisher.proc.pid]);
    meter.start();
    good.watch.resetWindow();

    const ips = Array.from({ length: options.sourceIps }, (_, i) => `127.0.0.${i + 1}`);
    const flood = await floodIdleConnections({ port, sourceIps: ips, perIp: options.perIp });
    try {
      // 127.0.0.1 is at its cap now (the good publisher holds one of its slots).
      const capped = await publish('flood-capped');
      const cappedExit = await Promise.race([capped.publisher.proc.exited, Bun.sleep(5000).then(() => null)]);
      await capped.stop();
      const idle = await flood.acceptedClosedAfter(20_000);
      const goodWindow = good.watch.window();
      const resources = meter.read();
      const goodAlive = good.publisher.proc.exitCode === null;
      flood.release();

      const after = await publish('flood-after');
      const startedAfter = performance.now();
      const publishAfterMs = await waitUntilLive([after], 20_000).then(
        () => performance.now() - startedAfter,
        () => null,
      );
      await after.stop();
      await good.stop();
      for (const name of ['flood-good', 'flood-capped', 'flood-after'])
        await waitUntilEnded(origin, name, 10_000);
      const cap = origin.config.ingest.maxConnectionsPerIp;
      return {
        perIpCap: cap,
        sourceIps: ips.length,
        attempted: flood.attempted,
        accepted: flood.accepted,
        refused: flood.refused,
        failed: flood.failed,
        expectedAccepted: ips.reduce(
          (t, ip) => t + Math.min(options.perIp, cap - (ip === '127.0.0.1' ? 1 : 0)),
          0,
        ),
        idleClosedAfterMs: idle.medianMs,
        idleClosed: idle.closed,
        publishWhileCapped: cappedExit === null ? 'accepted' : 'refused',
        goodStream: { ...goodWindow, publisherAlive: goodAlive },
        publishAfterMs,
        resources,
      };
    } finally {
      flood.release();
    }
  } finally {
    await origin.close();
  }
}
