/**
 * How many concurrent publishing streams one origin sustains on this machine, then a
 * flood of idle connections against the RTMP port.
 *   bun bench/ingest-capacity.ts [--max 16] [--steps 1,2,4,...] [--hold 20] [--protocol rtmp|udp|srt]
 *                                [--flood-ips 16] [--flood-per-ip 64] [--no-flood] [--keep-going] [--log-level silent]
 * Ramp: streams are added (1, 2, 4, 8, 12, 16, 24, 32, 48, 64, ... up to --max), each
 * publishing a pre-encoded 640x360 25 fps 1 Mb/s H.264/AAC file with
 * `ffmpeg -re -stream_loop -1 -c copy` (passthrough: the origin's FFmpeg remuxes, never
 * encodes). Each step holds --hold seconds while every stream's video playlist is
 * reloaded twice a second; a step keeps up when every stream produced >= 90 % of the
 * expected parts per second and its live edge slipped <= 1 s behind the wall clock.
 * The ramp stops at the first step that does not (unless --keep-going).
 * This origin lifts the per-IP cap (every publisher comes from 127.0.0.1); the flood
 * that follows runs on a fresh origin with the default cap.
 * Prints a table and a final JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BenchCleanup } from './ingest-bench-cleanup.ts';
import { startBenchOrigin } from './ingest-bench-origin.ts';
import { type FloodReport, runConnectionFlood } from './ingest-capacity-flood.ts';
import {
  type PublishedStream,
  startPublishedStream,
  waitUntilEnded,
  waitUntilLive,
} from './ingest-published-stream.ts';
import type { IngestProtocol } from './ingest-publisher-args.ts';
import { ResourceMeter, type ResourceWindow } from './ingest-resource-meter.ts';
import { encodeSourceFile } from './ingest-source-file.ts';

const { values } = parseArgs({
  options: {
    max: { type: 'string', default: '16' },
    steps: { type: 'string' },
    hold: { type: 'string', default: '20' },
    protocol: { type: 'string', default: 'rtmp' },
    'flood-ips': { type: 'string', default: '16' },
    'flood-per-ip': { type: 'string', default: '64' },
    'no-flood': { type: 'boolean', default: false },
    'keep-going': { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'silent' },
  },
});
const protocol = values.protocol as IngestProtocol;
if (!['rtmp', 'udp', 'srt'].includes(protocol)) throw new Error(`unknown protocol ${protocol}`);
const holdSeconds = Number(values.hold);
const steps = values.steps ? values.steps.split(',').map(Number) : rampTo(Number(values.max));
const logLevel = values['log-level'] as string;
/** A step keeps up when each stream makes this share of its expected parts per second... */
const MIN_PART_RATE_SHARE = 0.9;
/** ...and its live edge slips at most this far behind the wall clock over the hold. */
const MAX_BEHIND_SECONDS = 1;

/** 1, 2, 4, 8, then +4 to 16, then +8 to 32, +16 to 64, +32 beyond: finer where it is cheap. */
function rampTo(max: number): number[] {
  const out: number[] = [];
  for (let n = 1; n <= max; n = n < 8 ? n * 2 : n < 16 ? n + 4 : n < 32 ? n + 8 : n < 64 ? n + 16 : n + 32) {
    out.push(n);
  }
  if (out.at(-1) !== max) out.push(max);
  return out;
}

interface StepResult {
  streams: number;
  keptUp: boolean;
  failures: string[];
  minPartsPerSecond: number;
  expectedPartsPerSecond: number;
  maxBehindSeconds: number;
  medianEdgeDelayMs: number;
  resources: ResourceWindow;
}

const cleanup = new BenchCleanup();
const scratch = mkdtempSync(join(tmpdir(), 'tw-capacity-'));
cleanup.onClose(async () => rmSync(scratch, { recursive: true, force: true }));
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

async function ramp(sourceFile: string): Promise<StepResult[]> {
  const origin = await startBenchOrigin({
    udpPorts: Math.max(...steps) + 4,
    maxConnectionsPerIp: 10_000,
    logLevel,
  });
  cleanup.onClose(() => origin.close());
  const running: PublishedStream[] = [];
  const results: StepResult[] = [];
  try {
    const ports = origin.running.ingestPorts;
    if ((protocol === 'rtmp' && !ports.rtmp) || (protocol === 'srt' && !ports.srt)) {
      console.log(
        `ramp skipped: the origin has no ${protocol.toUpperCase()} listener (ingestPorts.${protocol} unset)`,
      );
      return results;
    }
    const meter = new ResourceMeter(() => running.map((s) => s.publisher.proc.pid));
    console.log(
      'streams  origin CPU%  ffmpeg CPU%  publishers CPU%  host busy%  origin RSS MB  ffmpeg PSS MB  min parts/s  max behind s    now-edge ms  keeps up',
    );
    for (const target of steps) {
      const added: PublishedStream[] = [];
      while (running.length < target) {
        const stream = await startPublishedStream({
          origin,
          cleanup,
          sourceFile,
          protocol,
          name: `capacity-${running.length}`,
        });
        running.push(stream);
        added.push(stream);
      }
      try {
        await waitUntilLive(added, 30_000);
      } catch (error) {
        console.log(
          `${String(target).padStart(7)}  new streams did not go live: ${(error as Error).message}`,
        );
        results.push(failedStep(target, (error as Error).message));
        break;
      }
      for (const stream of running) stream.watch.resetWindow();
      meter.start();
      await Bun.sleep(holdSeconds * 1000);
      const step = judge(running, meter.read());
      results.push(step);
      const r = step.resources;
      console.log(
        `${String(target).padStart(7)}  ${fmt(r.originCpuPct, 1).padStart(11)}  ${fmt(r.packagerCpuPct, 1).padStart(11)}  ${fmt(r.publisherCpuPct, 1).padStart(15)}  ${fmt(r.hostBusyPct, 0).padStart(10)}  ${fmt(r.originRssMb).padStart(13)}  ${fmt(r.packagerPssMb).padStart(13)}  ${`${fmt(step.minPartsPerSecond, 2)}/${fmt(step.expectedPartsPerSecond, 0)}`.padStart(11)}  ${fmt(step.maxBehindSeconds, 2).padStart(12)}  ${fmt(step.medianEdgeDelayMs).padStart(13)}  ${step.keptUp ? 'yes' : `NO: ${step.failures.slice(0, 3).join('; ')}`}`,
      );
      if (!step.keptUp && !values['keep-going']) break;
    }
  } finally {
    await Promise.all(running.map((s) => s.stop()));
    await Promise.all(running.map((s) => waitUntilEnded(origin, s.stream.name, 10_000)));
    await origin.close();
  }
  return results;
}

function judge(streams: PublishedStream[], resources: ResourceWindow): StepResult {
  const failures: string[] = [];
  let minRate = Infinity;
  let maxBehind = 0;
  let expected = 0;
  const delays: number[] = [];
  for (const { stream, watch, publisher } of streams) {
    const w = watch.window();
    const want = 1 / stream.partTargetSeconds;
    expected = Math.max(expected, want);
    minRate = Math.min(minRate, w.partsPerSecond);
    maxBehind = Math.max(maxBehind, w.behindSeconds);
    if (Number.isFinite(w.edgeDelayMs)) delays.push(w.edgeDelayMs);
    if (publisher.proc.exitCode !== null) failures.push(`${stream.name} publisher exited`);
    else if (w.partsPerSecond < want * MIN_PART_RATE_SHARE)
      failures.push(`${stream.name} ${fmt(w.partsPerSecond, 2)} parts/s`);
    else if (w.behindSeconds > MAX_BEHIND_SECONDS)
      failures.push(`${stream.name} ${fmt(w.behindSeconds, 2)} s behind`);
    else if (w.errors > 1) failures.push(`${stream.name} ${w.errors} failed reloads`);
  }
  delays.sort((a, b) => a - b);
  return {
    streams: streams.length,
    keptUp: failures.length === 0,
    failures,
    minPartsPerSecond: minRate,
    expectedPartsPerSecond: expected,
    maxBehindSeconds: maxBehind,
    medianEdgeDelayMs: delays[Math.floor(delays.length / 2)] ?? Number.NaN,
    resources,
  };
}

function failedStep(streams: number, why: string): StepResult {
  const none = Number.NaN;
  return {
    streams,
    keptUp: false,
    failures: [why],
    minPartsPerSecond: none,
    expectedPartsPerSecond: none,
    maxBehindSeconds: none,
    medianEdgeDelayMs: none,
    resources: {
      originCpuPct: none,
      packagerCpuPct: none,
      publisherCpuPct: none,
      hostBusyPct: none,
      originRssMb: none,
      packagerPssMb: none,
      publisherPssMb: none,
      packagers: 0,
    },
  };
}

function printFlood(f: FloodReport): void {
  console.log('');
  console.log(
    `Idle connection flood on the RTMP port: ${f.attempted} connections from ${f.sourceIps} source IPs (127.0.0.1-${f.sourceIps}), per-IP cap ${f.perIpCap}`,
  );
  console.log(
    `  accepted ${f.accepted} (expected ${f.expectedAccepted}), refused ${f.refused}, TCP connect failed ${f.failed}`,
  );
  console.log(
    `  idle accepted connections closed by the origin after ${fmt(f.idleClosedAfterMs)} ms (median, ${f.idleClosed}/${f.accepted} closed)`,
  );
  console.log(`  a new publish from 127.0.0.1 while it is at its cap: ${f.publishWhileCapped}`);
  const g = f.goodStream;
  console.log(
    `  good stream meanwhile: ${fmt(g.partsPerSecond, 2)} parts/s, behind ${fmt(g.behindSeconds, 2)} s, now-edge ${fmt(g.edgeDelayMs)} ms, publisher ${g.publisherAlive ? 'still publishing' : 'DROPPED'}`,
  );
  console.log(
    `  a publish from 127.0.0.1 after the flood: ${f.publishAfterMs === null ? 'FAILED' : `first part after ${fmt(f.publishAfterMs)} ms`}`,
  );
  console.log(
    `  during the flood: origin CPU ${fmt(f.resources.originCpuPct, 1)} %, RSS ${fmt(f.resources.originRssMb)} MB`,
  );
}

try {
  const sourceFile = encodeSourceFile({
    dir: scratch,
    seconds: 30,
    size: '640x360',
    frameRate: 25,
    gopSeconds: 1,
    videoKbps: 1000,
  });
  console.log(
    `Ingest capacity: ${protocol.toUpperCase()} publishers of 640x360 25 fps 1 Mb/s (passthrough), ${holdSeconds} s per step, ${navigator.hardwareConcurrency} cores`,
  );
  console.log(
    'CPU % of one core; origin = this process (its HTTP, ingest, cutting, and the playlist watchers)',
  );
  const results = await ramp(sourceFile);
  const sustained = results.filter((r) => r.keptUp).at(-1)?.streams ?? 0;
  const firstFailed = results.find((r) => !r.keptUp)?.streams ?? null;
  console.log(
    firstFailed === null
      ? `kept up through ${sustained} streams (the largest step; raise --max to find the limit)`
      : `kept up through ${sustained} streams; fell behind at ${firstFailed}`,
  );
  const flood = values['no-flood']
    ? undefined
    : await runConnectionFlood({
        cleanup,
        sourceFile,
        sourceIps: Number(values['flood-ips']),
        perIp: Number(values['flood-per-ip']),
        logLevel,
      });
  if (flood) printFlood(flood);
  console.log(
    JSON.stringify({
      bench: 'ingest-capacity',
      protocol,
      holdSeconds,
      cores: navigator.hardwareConcurrency,
      sustained,
      firstFailed,
      steps: results,
      flood: flood ?? null,
    }),
  );
} finally {
  await cleanup.close();
}
