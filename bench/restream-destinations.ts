/**
 * What restream destinations cost: one stream fanned out to N destinations (UDP sinks).
 *   bun bench/restream-destinations.ts [--destinations 10] [--seconds 20] [--bitrate 4000] [--height 720]
 *
 * A 720p30 H.264 + AAC clip (made once, at --bitrate kbit/s) is played in real time,
 * codecs copied, as MPEG-TS into this process, which feeds a `RestreamFanout` as the
 * origin would with the packager's source copy. Two windows of --seconds each:
 *   baseline: the fan-out with no destination (the source read alone);
 *   loaded:   N destinations, each its own FFmpeg (-c copy) pushing MPEG-TS over UDP.
 * The UDP sinks run in a child process (this file with --sink), so receiving costs
 * this process nothing. Measured from /proc: each destination FFmpeg's CPU and PSS,
 * this process's CPU and RSS (loaded minus baseline = the fan-out's cost), and every
 * destination's output rate, drops and what the sinks received. Prints a table, then one
 * JSON line. Every process started is stopped before it exits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RestreamFanout } from '../restream/restream-fanout.ts';
import { cpuSeconds, hostJiffies, pssBytes } from './ingest-process-usage.ts';
import { lines } from './stdout-lines.ts';

const { values } = parseArgs({
  options: {
    destinations: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '20' },
    bitrate: { type: 'string', default: '4000' },
    height: { type: 'string', default: '720' },
    sink: { type: 'string' },
  },
});

if (values.sink !== undefined) await runSinks(Number(values.sink));
else await runBench();

/** Child mode: N UDP sockets; prints their ports, then the bytes each received, once a second. */
async function runSinks(count: number): Promise<void> {
  const received = new Array<number>(count).fill(0);
  const sockets = await Promise.all(
    received.map((_, i) =>
      Bun.udpSocket({
        hostname: '127.0.0.1',
        port: 0,
        socket: {
          data(_socket, data) {
            received[i] = (received[i] as number) + data.length;
          },
        },
      }),
    ),
  );
  console.log(JSON.stringify({ ports: sockets.map((s) => s.port) }));
  setInterval(() => console.log(JSON.stringify({ received })), 1000);
}

async function runBench(): Promise<void> {
  const count = Number(values.destinations);
  const seconds = Number(values.seconds);
  const bitrate = Number(values.bitrate);
  const height = Number(values.height);
  if (!(count >= 1 && seconds > 0 && bitrate > 0 && height >= 144)) throw new Error('bad arguments');
  const scratch = mkdtempSync(join(tmpdir(), 'tw-restream-bench-'));
  const clip = join(scratch, 'clip.ts');
  const width = Math.round((height * 16) / 9 / 2) * 2;
  const made = Bun.spawnSync([
    'ffmpeg',
    ...['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=30`],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '10'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-g', '60', '-keyint_min', '60', '-sc_threshold', '0'],
    ...['-b:v', `${bitrate}k`, '-maxrate', `${bitrate}k`, '-bufsize', `${bitrate * 2}k`],
    ...['-c:a', 'aac', '-b:a', '128k', '-f', 'mpegts', '-y', clip],
  ]);
  if (made.exitCode !== 0) throw new Error(made.stderr.toString());

  const sinkProc = Bun.spawn(['bun', import.meta.path, '--sink', String(count)], { stdout: 'pipe' });
  const sinkLines = lines(sinkProc.stdout);
  const ports = (JSON.parse((await sinkLines.next()).value as string) as { ports: number[] }).ports;
  let received: number[] = new Array(count).fill(0);
  void (async () => {
    for await (const line of sinkLines) received = (JSON.parse(line) as { received: number[] }).received;
  })();

  const fanout = new RestreamFanout({ streamId: 'bench' });
  let sourceBytes = 0;
  const source = Bun.spawn(
    [
      'ffmpeg',
      ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', clip],
      ...['-c', 'copy', '-f', 'mpegts', 'pipe:1'],
    ],
    { stdout: 'pipe', stderr: 'ignore' },
  );
  void (async () => {
    for await (const chunk of source.stdout) {
      sourceBytes += chunk.length;
      fanout.write(chunk);
    }
  })();

  try {
    fanout.streamLive();
    await Bun.sleep(2000);
    const baseline = await measureSelf(seconds);

    for (let i = 0; i < count; i++) fanout.add({ id: `udp-${i}`, url: `udp://127.0.0.1:${ports[i]}` });
    await waitUntil(() => fanout.list().every((d) => d.state === 'live'), 20_000);
    await Bun.sleep(2000); // past start-up (probe, first keyframe)
    const pids = fanout.list().map((d) => d.pid as number);
    const cpuBefore = pids.map(cpuSeconds);
    const outBefore = fanout.statuses().map((s) => s.bytesOut ?? 0);
    const receivedBefore = [...received];
    const sourceBefore = sourceBytes;
    const loaded = await measureSelf(seconds);
    const statuses = fanout.statuses();
    const perDestination = statuses.map((status, i) => ({
      id: status.id,
      state: status.state,
      cpuPct: ((cpuSeconds(pids[i] as number) - (cpuBefore[i] as number)) / loaded.seconds) * 100,
      pssMb: pssBytes(pids[i] as number) / 2 ** 20,
      outKbps: (((status.bytesOut ?? 0) - (outBefore[i] as number)) * 8) / loaded.seconds / 1000,
      receivedKbps: (((received[i] as number) - (receivedBefore[i] as number)) * 8) / loaded.seconds / 1000,
      droppedBytes: status.droppedBytes,
      reconnects: status.reconnects,
    }));
    const sourceKbps = ((sourceBytes - sourceBefore) * 8) / loaded.seconds / 1000;

    const stopStarted = performance.now();
    await fanout.streamEnded();
    const stopMs = performance.now() - stopStarted;
    const leftAlive = pids.filter(isAlive).length;

    const mean = (pick: (d: (typeof perDestination)[number]) => number) =>
      perDestination.reduce((sum, d) => sum + pick(d), 0) / perDestination.length;
    console.log(
      `restream destinations: ${count} x UDP, source ${height}p30 ${sourceKbps.toFixed(0)} kbit/s, ${seconds} s windows`,
    );
    console.log('id        state  cpu %  pss MB  out kbit/s  sink kbit/s  dropped  reconnects');
    for (const d of perDestination)
      console.log(
        `${d.id.padEnd(9)} ${d.state.padEnd(6)} ${d.cpuPct.toFixed(2).padStart(5)}  ${d.pssMb.toFixed(1).padStart(6)}  ${d.outKbps.toFixed(0).padStart(10)}  ${d.receivedKbps.toFixed(0).padStart(11)}  ${String(d.droppedBytes).padStart(7)}  ${String(d.reconnects).padStart(10)}`,
      );
    const fanoutCpuPerDestination = (loaded.cpuPct - baseline.cpuPct) / count;
    const fanoutRssPerDestination = (loaded.rssMb - baseline.rssMb) / count;
    console.log(
      `per destination: FFmpeg ${mean((d) => d.cpuPct).toFixed(2)} % CPU, ${mean((d) => d.pssMb).toFixed(1)} MB PSS;` +
        ` fan-out in this process +${fanoutCpuPerDestination.toFixed(2)} % CPU, +${fanoutRssPerDestination.toFixed(1)} MB RSS`,
    );
    console.log(
      `this process: ${baseline.cpuPct.toFixed(1)} % CPU / ${baseline.rssMb.toFixed(0)} MB RSS without destinations,` +
        ` ${loaded.cpuPct.toFixed(1)} % / ${loaded.rssMb.toFixed(0)} MB with ${count}; host busy ${loaded.hostBusyPct.toFixed(0)} % of all cores`,
    );
    console.log(`streamEnded(): ${stopMs.toFixed(0)} ms, FFmpeg left running: ${leftAlive}`);
    console.log(
      JSON.stringify({
        destinations: count,
        sourceKbps,
        seconds,
        baseline,
        loaded,
        perDestination,
        ffmpegCpuPctMean: mean((d) => d.cpuPct),
        ffmpegPssMbMean: mean((d) => d.pssMb),
        fanoutCpuPctPerDestination: fanoutCpuPerDestination,
        fanoutRssMbPerDestination: fanoutRssPerDestination,
        stopMs,
        leftAlive,
      }),
    );
  } finally {
    await fanout.close();
    source.kill('SIGKILL');
    sinkProc.kill('SIGKILL');
    await Promise.all([source.exited, sinkProc.exited]);
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** This process's CPU (% of one core) and RSS over a window, and the host's busy share. */
async function measureSelf(seconds: number) {
  const host = hostJiffies();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Bun.sleep(seconds * 1000);
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const hostNow = hostJiffies();
  return {
    seconds: elapsed,
    cpuPct: ((used.user + used.system) / 1e6 / elapsed) * 100,
    rssMb: process.memoryUsage().rss / 2 ** 20,
    hostBusyPct: ((hostNow.busy - host.busy) / Math.max(1, hostNow.total - host.total)) * 100,
  };
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('destinations did not go live');
    await Bun.sleep(50);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
