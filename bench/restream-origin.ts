/**
 * Restream through the whole origin: one published stream, N destinations added over
 * the API, each fed from the packager's source copy.
 *   bun bench/restream-origin.ts [--destinations 10] [--seconds 20] [--bitrate 4000] [--size 1280x720]
 *
 * A real-time publisher (FFmpeg replaying an x264 + AAC clip over UDP MPEG-TS) feeds an
 * origin started in this process. Two windows of --seconds each:
 *   baseline: the stream packaged (LL-HLS) with no destination;
 *   loaded:   N destinations to UDP sinks (a child process: receiving costs us nothing).
 * Measured from /proc: this process (the origin) and the packaging FFmpeg, before and
 * after; each destination FFmpeg's CPU and PSS; every destination's state, rate and drops
 * from the API; whether the stream kept producing parts. Prints a table and one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DestinationStatusView } from '../defs/destination.ts';
import { BenchCleanup } from './ingest-bench-cleanup.ts';
import { startBenchOrigin } from './ingest-bench-origin.ts';
import { childPids, cpuSeconds, hostJiffies, pssBytes } from './ingest-process-usage.ts';
import { startPublishedStream, waitUntilLive } from './ingest-published-stream.ts';
import { encodeSourceFile } from './ingest-source-file.ts';
import { lines } from './stdout-lines.ts';

const { values } = parseArgs({
  options: {
    destinations: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '20' },
    bitrate: { type: 'string', default: '4000' },
    size: { type: 'string', default: '1280x720' },
  },
});
const count = Number(values.destinations);
const seconds = Number(values.seconds);
if (!(count >= 1 && count <= 20 && seconds > 0)) throw new Error('--destinations 1..20, --seconds > 0');

/** A destination as the API lists it (the fields this bench reads). */
interface DestinationStatus {
  id: string;
  status: DestinationStatusView;
}

const cleanup = new BenchCleanup();
const scratch = mkdtempSync(join(tmpdir(), 'tw-restream-origin-bench-'));
cleanup.onClose(async () => rmSync(scratch, { recursive: true, force: true }));
try {
  const source = encodeSourceFile({
    dir: scratch,
    seconds: 20,
    size: values.size,
    frameRate: 30,
    gopSeconds: 2,
    videoKbps: Number(values.bitrate),
  });
  const origin = await startBenchOrigin({ udpPorts: 1 });
  cleanup.onClose(() => origin.close());
  const published = await startPublishedStream({
    origin,
    cleanup,
    sourceFile: source,
    protocol: 'udp',
    name: 'fan',
  });
  cleanup.onClose(() => published.stop());
  await waitUntilLive([published], 30_000);
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${origin.running.url}/api/v1/streams/${published.stream.id}/destinations${path}`, {
      ...init,
      headers: {
        authorization: 'Bearer bench-admin-key-0123456789abcdef',
        'content-type': 'application/json',
      },
    });

  const sinkProc = Bun.spawn(
    ['bun', join(import.meta.dir, 'restream-destinations.ts'), '--sink', String(count)],
    {
      stdout: 'pipe',
    },
  );
  cleanup.onClose(async () => {
    sinkProc.kill('SIGKILL');
    await sinkProc.exited;
  });
  const sinkLines = lines(sinkProc.stdout);
  const ports = (JSON.parse((await sinkLines.next()).value as string) as { ports: number[] }).ports;
  let received: number[] = new Array(count).fill(0);
  void (async () => {
    for await (const line of sinkLines) received = (JSON.parse(line) as { received: number[] }).received;
  })();

  await Bun.sleep(2000);
  const packagingPids = childPids(process.pid, 'ffmpeg');
  const baseline = await measure(packagingPids, [], seconds, published.watch);

  for (let i = 0; i < count; i++) {
    const res = await api('', {
      method: 'POST',
      body: JSON.stringify({ name: `sink ${i}`, url: `udp://127.0.0.1:${ports[i]}` }),
    });
    if (res.status !== 201) throw new Error(`adding destination ${i}: ${res.status} ${await res.text()}`);
  }
  const list = async () => ((await (await api('')).json()) as { items: DestinationStatus[] }).items;
  const deadline = performance.now() + 30_000;
  while (!(await list()).every((d) => d.status.state === 'live')) {
    if (performance.now() > deadline) throw new Error('the destinations did not all go live');
    await Bun.sleep(200);
  }
  await Bun.sleep(2000); // past each destination's start-up
  const destinationPids = childPids(process.pid, 'ffmpeg').filter((pid) => !packagingPids.includes(pid));
  const outBefore = new Map((await list()).map((d) => [d.id, d.status.bytesOut ?? 0]));
  const receivedBefore = [...received];
  const loaded = await measure(packagingPids, destinationPids, seconds, published.watch);
  const after = await list();

  const perDestination = after.map((d, i) => ({
    state: d.status.state,
    outKbps: (((d.status.bytesOut ?? 0) - (outBefore.get(d.id) ?? 0)) * 8) / loaded.seconds / 1000,
    sinkKbps: (((received[i] as number) - (receivedBefore[i] as number)) * 8) / loaded.seconds / 1000,
    droppedBytes: d.status.droppedBytes,
    reconnects: d.status.reconnects,
  }));
  const originCpuPerDestination = (loaded.originCpuPct - baseline.originCpuPct) / count;
  const originRssPerDestination = (loaded.originRssMb - baseline.originRssMb) / count;
  const ffmpegCpuPerDestination = loaded.destinationCpuPct / destinationPids.length;
  const ffmpegPssPerDestination = loaded.destinationPssMb / destinationPids.length;

  console.log(
    `restream through the origin: ${count} UDP destinations, ${values.size}@30 ${values.bitrate} kbit/s source, ${seconds} s windows`,
  );
  console.log(
    '                         origin CPU %  origin RSS MB  packaging FFmpeg CPU %  parts/s  host busy %',
  );
  for (const [label, m] of [
    ['no destination', baseline],
    [`${count} destinations`, loaded],
  ] as const)
    console.log(
      `${label.padEnd(24)} ${m.originCpuPct.toFixed(1).padStart(12)}  ${m.originRssMb.toFixed(0).padStart(13)}  ${m.packagingCpuPct.toFixed(1).padStart(22)}  ${m.partsPerSecond.toFixed(2).padStart(7)}  ${m.hostBusyPct.toFixed(0).padStart(11)}`,
    );
  console.log(
    `per destination: FFmpeg ${ffmpegCpuPerDestination.toFixed(2)} % CPU, ${ffmpegPssPerDestination.toFixed(1)} MB PSS;` +
      ` origin +${originCpuPerDestination.toFixed(2)} % CPU, +${originRssPerDestination.toFixed(1)} MB RSS`,
  );
  const live = perDestination.filter((d) => d.state === 'live').length;
  const mean = (pick: (d: (typeof perDestination)[number]) => number) =>
    perDestination.reduce((sum, d) => sum + pick(d), 0) / perDestination.length;
  console.log(
    `destinations live ${live}/${count}; out ${mean((d) => d.outKbps).toFixed(0)} kbit/s each, sinks received ${mean((d) => d.sinkKbps).toFixed(0)} kbit/s each;` +
      ` dropped ${perDestination.reduce((n, d) => n + d.droppedBytes, 0)} bytes, reconnects ${perDestination.reduce((n, d) => n + d.reconnects, 0)}`,
  );
  console.log(
    JSON.stringify({
      destinations: count,
      baseline,
      loaded,
      perDestination,
      ffmpegCpuPerDestination,
      ffmpegPssPerDestination,
      originCpuPerDestination,
      originRssPerDestination,
    }),
  );
} finally {
  await cleanup.close();
}

/** CPU (% of one core) of the origin (this process), the packaging and the destination FFmpegs over a window. */
async function measure(
  packagingPids: number[],
  destinationPids: number[],
  windowSeconds: number,
  watch: { resetWindow(): void; window(): { partsPerSecond: number } },
) {
  const cpu = process.cpuUsage();
  const host = hostJiffies();
  const packagingBefore = packagingPids.map(cpuSeconds);
  const destinationBefore = destinationPids.map(cpuSeconds);
  watch.resetWindow();
  const started = performance.now();
  await Bun.sleep(windowSeconds * 1000);
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const hostNow = hostJiffies();
  const pct = (pids: number[], before: number[]) =>
    (pids.reduce((sum, pid, i) => sum + cpuSeconds(pid) - (before[i] as number), 0) / elapsed) * 100;
  return {
    seconds: elapsed,
    originCpuPct: ((used.user + used.system) / 1e6 / elapsed) * 100,
    originRssMb: process.memoryUsage().rss / 2 ** 20,
    packagingCpuPct: pct(packagingPids, packagingBefore),
    destinationCpuPct: pct(destinationPids, destinationBefore),
    destinationPssMb: destinationPids.reduce((sum, pid) => sum + pssBytes(pid), 0) / 2 ** 20,
    partsPerSecond: watch.window().partsPerSecond,
    hostBusyPct: ((hostNow.busy - host.busy) / Math.max(1, hostNow.total - host.total)) * 100,
  };
}
