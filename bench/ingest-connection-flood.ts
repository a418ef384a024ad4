/**
 * Many idle TCP connections to an ingest port from one process, spread over several
 * loopback source addresses (127.0.0.x) so the per-IP cap is reached from each of
 * them. A connection the origin refuses is closed by it right away; one it accepts
 * stays open until its handshake deadline. Nothing is ever sent on them.
 */
import { connect, type Socket } from 'node:net';
import { median } from './ingest-percentiles.ts';

export interface FloodOptions {
  port: number;
  /** Source addresses, e.g. 127.0.0.1 ... 127.0.0.16 (all of 127/8 is loopback on Linux). */
  sourceIps: string[];
  perIp: number;
  /** After the last connect, how long a connection must stay open to count as accepted. */
  settleMs?: number;
}

export interface FloodCount {
  ip: string;
  accepted: number;
  refused: number;
  failed: number;
}

export interface Flood {
  attempted: number;
  /** TCP connect failed or timed out (listen backlog, resources): never reached the origin's code. */
  failed: number;
  accepted: number;
  /** Closed by the origin within the settle time. */
  refused: number;
  byIp: FloodCount[];
  /** Waits (up to `timeoutMs`) for the origin to close the accepted ones; median ms from connect to close. */
  acceptedClosedAfter(timeoutMs: number): Promise<{ closed: number; medianMs: number }>;
  /** Closes whatever is still open. */
  release(): void;
}

interface Probe {
  ip: string;
  socket: Socket;
  connectedAt?: number;
  closedAt?: number;
  failed: boolean;
}

const CONNECT_TIMEOUT_MS = 5000;

export async function floodIdleConnections(options: FloodOptions): Promise<Flood> {
  const probes: Probe[] = [];
  const opened: Promise<void>[] = [];
  for (const ip of options.sourceIps) {
    for (let i = 0; i < options.perIp; i++) {
      const socket = connect({ host: '127.0.0.1', port: options.port, localAddress: ip });
      const probe: Probe = { ip, socket, failed: false };
      probes.push(probe);
      opened.push(
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            probe.failed = true;
            socket.destroy();
            resolve();
          }, CONNECT_TIMEOUT_MS);
          socket.once('connect', () => {
            probe.connectedAt = performance.now();
            clearTimeout(timer);
            resolve();
          });
          socket.on('error', () => {
            if (probe.connectedAt === undefined) probe.failed = true;
            clearTimeout(timer);
            resolve();
          });
          socket.once('close', () => {
            probe.closedAt ??= performance.now();
            clearTimeout(timer);
            resolve();
          });
        }),
      );
    }
  }
  await Promise.all(opened);
  await Bun.sleep(options.settleMs ?? 1000);

  const isAccepted = (p: Probe) => !p.failed && p.connectedAt !== undefined && p.closedAt === undefined;
  const isRefused = (p: Probe) => !p.failed && p.connectedAt !== undefined && p.closedAt !== undefined;
  const accepted = probes.filter(isAccepted);
  const byIp = options.sourceIps.map((ip) => {
    const mine = probes.filter((p) => p.ip === ip);
    return {
      ip,
      accepted: mine.filter(isAccepted).length,
      refused: mine.filter(isRefused).length,
      failed: mine.filter((p) => p.failed || p.connectedAt === undefined).length,
    };
  });
  return {
    attempted: probes.length,
    failed: byIp.reduce((t, c) => t + c.failed, 0),
    accepted: accepted.length,
    refused: byIp.reduce((t, c) => t + c.refused, 0),
    byIp,
    async acceptedClosedAfter(timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while (accepted.some((p) => p.closedAt === undefined) && performance.now() < deadline)
        await Bun.sleep(50);
      const lifetimes = accepted.flatMap((p) =>
        p.closedAt === undefined ? [] : [p.closedAt - (p.connectedAt as number)],
      );
      return { closed: lifetimes.length, medianMs: median(lifetimes) };
    },
    release() {
      for (const probe of probes) probe.socket.destroy();
    },
  };
}
