/**
 * How many blocked LL-HLS viewers one origin process answers within 100 ms of a
 * part's publication, against a bare Bun.serve that holds the same requests and
 * answers them with a same-sized playlist when a timer "publishes" a part.
 *   bun bench/blocking-viewers.ts [--clients 100,500,1000,2000] [--seconds 10] [--rounds 2]
 * Prints, per client count, round and server: requests/s, parts seen by >= 90 % of the
 * clients, the p50/p99 spread between the first and the last client to get a part, the
 * share of parts that reached every client within 100 ms, and the server's CPU time per
 * answered request (this process, minus what it uses idle: the packager). Rounds
 * alternate which server goes first; the load average shows what else ran.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { demoSourceArgs, secondsSinceUtcMidnight } from '../ffmpeg/demo-source-args.ts';
import { hlsDelivery } from '../origin/delivery/hls-delivery.ts';
import { LivePackager } from '../packager/live/live-packager.ts';
import { LiveStreams } from '../packager/live/live-streams.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '100,500,1000,2000' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
  },
});
const clientCounts = (values.clients as string).split(',').map(Number);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);

interface LoadResult {
  clients: number;
  requests: number;
  errors: number;
  parts: number;
  spreads: number[];
}

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/** Share of a core this process uses with no viewers (the packager cutting the demo). */
async function idleShare(): Promise<number> {
  const before = cpuMs();
  const startedAt = performance.now();
  await Bun.sleep(2000);
  return (cpuMs() - before) / (performance.now() - startedAt);
}

interface Measured extends LoadResult {
  /** Server CPU per answered request, µs (this process minus its idle share). */
  cpuPerRequest: number;
}

async function runLoad(url: string, clients: number): Promise<Measured> {
  const idle = await idleShare();
  const cpuBefore = cpuMs();
  const startedAt = performance.now();
  const proc = Bun.spawn(
    ['bun', `${import.meta.dir}/viewer-load.ts`, url, String(clients), String(seconds)],
    { stdout: 'pipe', stderr: 'inherit' },
  );
  const out = await new Response(proc.stdout).text();
  await proc.exited;
  const servingMs = cpuMs() - cpuBefore - idle * (performance.now() - startedAt);
  const result = JSON.parse(out.trim().split('\n').at(-1) as string) as LoadResult;
  return { ...result, cpuPerRequest: (servingMs * 1000) / Math.max(1, result.requests) };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;
}

function withinShare(r: LoadResult): number {
  return r.spreads.filter((s) => s <= 100).length / Math.max(1, r.spreads.length);
}

function summary(name: string, r: Measured): string {
  const sorted = [...r.spreads].sort((a, b) => a - b);
  return `${name.padEnd(10)} clients=${String(r.clients).padStart(5)}  req/s=${(r.requests / seconds).toFixed(0).padStart(6)}  errors=${r.errors}  parts=${r.parts}  spread p50=${quantile(sorted, 0.5).toFixed(1)}ms p99=${quantile(sorted, 0.99).toFixed(1)}ms  all-within-100ms=${(withinShare(r) * 100).toFixed(1)}%  cpu=${r.cpuPerRequest.toFixed(1)}µs/req  load=${loadavg()[0]?.toFixed(1)}`;
}

// Our origin with the demo source (small picture: the encoder must not starve the server).
const live = new LiveStreams();
const packager = new LivePackager({
  name: 'bench',
  partTarget: 0.2,
  segmentTarget: 2,
  windowSegments: 6,
  tracks: ['video', 'audio'],
  ffmpegArgs: () =>
    demoSourceArgs({ clockOffsetSeconds: secondsSinceUtcMidnight(new Date()), width: 640, height: 360 }),
});
live.start('bench', packager);
const origin = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  fetch: hlsDelivery({ live, corsOrigin: '*' }).fetch,
  idleTimeout: 30,
});
const originUrl = `http://127.0.0.1:${origin.port}/bench/video.m3u8`;
// A full window first: the peer's playlist is this one, at its steady-state size.
while ((packager.tracks.video?.segments.length ?? 0) < 6) await Bun.sleep(200);
const sample = await (await fetch(originUrl)).text();

// The peer: the same holding and answering with nothing else (no parsing, no rendering).
// It sends the same bytes as ours: gzip once per publication when the client accepts it
// (Bun's fetch does, as browsers do), so both make the load generator do the same work.
let published = { msn: 0, part: 0 };
let publishedText = sample;
let publishedGzip = Bun.gzipSync(sample);
let wake: () => void = () => {};
let nextPublish = new Promise<void>((r) => {
  wake = r;
});
const timer = setInterval(() => {
  published =
    published.part === 9
      ? { msn: published.msn + 1, part: 0 }
      : { msn: published.msn, part: published.part + 1 };
  publishedText = `${sample}\n#EXT-X-PART:DURATION=0.2,URI="v/${published.msn}.${published.part}.m4s"\n`;
  publishedGzip = Bun.gzipSync(publishedText);
  const w = wake;
  nextPublish = new Promise<void>((r) => {
    wake = r;
  });
  w();
}, 200);
const bare = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  idleTimeout: 30,
  async fetch(req) {
    const url = new URL(req.url);
    const msn = Number(url.searchParams.get('_HLS_msn') ?? -1);
    const part = Number(url.searchParams.get('_HLS_part') ?? -1);
    while (published.msn < msn || (published.msn === msn && published.part < part)) await nextPublish;
    const type = { 'content-type': 'application/vnd.apple.mpegurl' };
    if (/\bgzip\b/.test(req.headers.get('accept-encoding') ?? ''))
      return new Response(publishedGzip, { headers: { ...type, 'content-encoding': 'gzip' } });
    return new Response(publishedText, { headers: type });
  },
});
const bareUrl = `http://127.0.0.1:${bare.port}/bare/video.m3u8`;

console.log(
  `Blocking LL-HLS viewers, ${seconds} s per run, part target 200 ms (this machine: ${navigator.hardwareConcurrency} cores)`,
);
for (const clients of clientCounts) {
  for (let round = 1; round <= rounds; round++) {
    // Alternate who goes first: whatever else runs on the machine drifts.
    const oursFirst = round % 2 === 1;
    const first = await runLoad(oursFirst ? originUrl : bareUrl, clients);
    const second = await runLoad(oursFirst ? bareUrl : originUrl, clients);
    const [ours, peer] = oursFirst ? [first, second] : [second, first];
    console.log(summary(`tidewater`, ours));
    console.log(summary(`bare-bun`, peer));
    console.log(
      `  round ${round}: req/s tidewater/bare = ${(ours.requests / Math.max(1, peer.requests)).toFixed(2)}, all-within-100ms tidewater/bare = ${withinShare(peer) > 0 ? (withinShare(ours) / withinShare(peer)).toFixed(2) : 'n/a'}, cpu/req tidewater/bare = ${(ours.cpuPerRequest / peer.cpuPerRequest).toFixed(2)}`,
    );
  }
}
clearInterval(timer);
bare.stop(true);
origin.stop(true);
await live.closeAll();
