/**
 * Serving throughput against nginx, same bytes, same load tool (wrk), same run.
 *   bun bench/nginx-throughput.ts [--seconds 10] [--connections 64] [--rounds 2]
 * Our side: a live demo stream; the playlist (non-blocking, gzip off) and one part
 * and one segment from memory. nginx's side: the very same bytes copied to files,
 * served with sendfile, one process (our origin is one process too).
 * Besides requests/s (which on a shared 2-core machine also measures who got the CPU),
 * each server's own CPU time per request: ours minus the packager's idle cost measured
 * just before, nginx's from /proc. Needs: nginx and wrk (apt-get install nginx wrk).
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { demoSourceArgs, secondsSinceUtcMidnight } from '../ffmpeg/demo-source-args.ts';
import { hlsDelivery } from '../origin/delivery/hls-delivery.ts';
import { LivePackager } from '../packager/live/live-packager.ts';
import { LiveStreams } from '../packager/live/live-streams.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '2' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const rounds = Number(values.rounds);
for (const tool of ['wrk', 'nginx']) {
  if (!Bun.which(tool)) throw new Error(`${tool} is not installed: apt-get install -y nginx wrk`);
}

const live = new LiveStreams();
const packager = new LivePackager({
  name: 'bench',
  partTarget: 0.2,
  segmentTarget: 2,
  // A long window: the frozen part and segment stay servable for the whole run.
  windowSegments: 100,
  tracks: ['video', 'audio'],
  ffmpegArgs: () =>
    demoSourceArgs({ clockOffsetSeconds: secondsSinceUtcMidnight(new Date()), width: 1280, height: 720 }),
});
live.start('bench', packager);
const origin = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  fetch: hlsDelivery({ live, corsOrigin: '*' }).fetch,
});
const base = `http://127.0.0.1:${origin.port}/bench`;
while ((packager.tracks.video?.segments.length ?? 0) < 2) await Bun.sleep(200);

// Freeze what we will compare: the current playlist text, one part, one segment.
const video = packager.tracks.video;
const segment = video?.segments.at(-1);
if (!segment) throw new Error('no segment');
const partPath = `video/${packager.runId}/${segment.msn}.0.m4s`;
const segmentPath = `video/${packager.runId}/${segment.msn}.m4s`;
const playlistText = await (await fetch(`${base}/video.m3u8`)).text();

const root = mkdtempSync(join(tmpdir(), 'tw-nginx-'));
// nginx workers drop to an unprivileged user: they must be able to read the files.
chmodSync(root, 0o755);
const docs = join(root, 'docs');
mkdirSync(join(docs, `video/${packager.runId}`), { recursive: true });
writeFileSync(join(docs, 'video.m3u8'), playlistText);
writeFileSync(join(docs, partPath), segment.parts[0]?.bytes ?? new Uint8Array());
writeFileSync(join(docs, segmentPath), segment.bytes);
const nginxPort = 20000 + Math.floor(Math.random() * 20000);
// master_process off: the one process that serves is the one whose CPU time we read.
writeFileSync(
  join(root, 'nginx.conf'),
  `daemon off; master_process off; worker_processes 1; pid ${root}/nginx.pid; error_log ${root}/error.log;
events { worker_connections 4096; }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000;
  types { application/vnd.apple.mpegurl m3u8; video/mp4 m4s; }
  client_body_temp_path ${root}/tmp; proxy_temp_path ${root}/tmp; fastcgi_temp_path ${root}/tmp; uwsgi_temp_path ${root}/tmp; scgi_temp_path ${root}/tmp;
  server { listen 127.0.0.1:${nginxPort}; root ${docs}; } }\n`,
);
const nginx = Bun.spawn(['nginx', '-c', join(root, 'nginx.conf'), '-p', root], { stderr: 'inherit' });
while (
  !(await fetch(`http://127.0.0.1:${nginxPort}/video.m3u8`)
    .then((r) => r.ok)
    .catch(() => false))
)
  await Bun.sleep(50);

/** CPU milliseconds used so far: this process, or nginx (utime + stime in clock ticks of 10 ms). */
const ourCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const nginxCpuMs = () => {
  const fields = readFileSync(`/proc/${nginx.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

interface Run {
  requestsPerSecond: number;
  bytesPerSecond: number;
  errors: number;
  /** Server CPU per request, µs. */
  cpuPerRequest: number;
}

// Async: wrk must not block this process, which is also the origin under test.
async function wrk(url: string, cpuMs: () => number, idleCpuShare: number): Promise<Run> {
  const cpuBefore = cpuMs();
  const startedAt = performance.now();
  const proc = Bun.spawn(['wrk', '-t', '1', '-c', String(connections), '-d', `${seconds}s`, url], {
    stdout: 'pipe',
  });
  const text = await new Response(proc.stdout).text();
  await proc.exited;
  const wallMs = performance.now() - startedAt;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1]);
  const transfer = /Transfer\/sec:\s+([\d.]+)([KMG]?B)/.exec(text);
  const unit = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[transfer?.[2] ?? 'B'] ?? 1;
  const errors = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(text)?.[1] ?? 0);
  const servingCpuMs = cpuMs() - cpuBefore - idleCpuShare * wallMs;
  const requests = rps * (wallMs / 1000);
  return {
    requestsPerSecond: rps,
    bytesPerSecond: Number(transfer?.[1]) * unit,
    errors,
    cpuPerRequest: (servingCpuMs * 1000) / Math.max(1, requests),
  };
}

/** Share of a core this process uses with no requests (the packager cutting the demo). */
async function idleShare(): Promise<number> {
  const before = ourCpuMs();
  const startedAt = performance.now();
  await Bun.sleep(2000);
  return (ourCpuMs() - before) / (performance.now() - startedAt);
}

console.log(
  `Throughput vs nginx (1 process), wrk -t1 -c${connections} -d${seconds}s, ${navigator.hardwareConcurrency} cores shared by server, wrk and the demo encoder`,
);
console.log(
  '  req/s ratio = ours / nginx (same run); CPU µs/req = server CPU time per request (ours minus the packager idle); per-core ratio = nginx µs / our µs (> 1: we spend less per request)',
);
const cases = [
  ['playlist', 'video.m3u8'],
  [`part (${segment.parts[0]?.bytes.length} B)`, partPath],
  [`segment (${segment.bytes.length} B)`, segmentPath],
] as const;
for (let round = 1; round <= rounds; round++) {
  for (const [label, path] of cases) {
    const idle = await idleShare();
    const runOurs = () => wrk(`${base}/${path}`, ourCpuMs, idle);
    const runTheirs = () => wrk(`http://127.0.0.1:${nginxPort}/${path}`, nginxCpuMs, 0);
    // Alternate who goes first: whatever else runs on the machine drifts.
    let ours: Run;
    let theirs: Run;
    if (round % 2 === 1) {
      ours = await runOurs();
      theirs = await runTheirs();
    } else {
      theirs = await runTheirs();
      ours = await runOurs();
    }
    const load = loadavg()[0]?.toFixed(1);
    console.log(
      `#${round} ${label.padEnd(22)} tidewater ${ours.requestsPerSecond.toFixed(0).padStart(6)} req/s ${(ours.bytesPerSecond / 1e6).toFixed(0).padStart(5)} MB/s ${ours.cpuPerRequest.toFixed(1).padStart(6)} µs/req | nginx ${theirs.requestsPerSecond.toFixed(0).padStart(6)} req/s ${(theirs.bytesPerSecond / 1e6).toFixed(0).padStart(5)} MB/s ${theirs.cpuPerRequest.toFixed(1).padStart(6)} µs/req | req/s ratio ${(ours.requestsPerSecond / theirs.requestsPerSecond).toFixed(2)} per-core ratio ${(theirs.cpuPerRequest / ours.cpuPerRequest).toFixed(2)} | packager idle ${(idle * 100).toFixed(0)}% load ${load}${ours.errors + theirs.errors ? `  (non-2xx: ours ${ours.errors}, nginx ${theirs.errors})` : ''}`,
    );
  }
}
nginx.kill('SIGTERM');
await nginx.exited;
origin.stop(true);
await live.closeAll();
rmSync(root, { recursive: true, force: true });
