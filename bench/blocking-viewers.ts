/**
 * How many blocked LL-HLS viewers one origin process answers within 100 ms of a
 * part's publication, against a bare Bun.serve that holds the same requests and
 * answers them with a same-sized playlist when a timer "publishes" a part.
 *   bun bench/blocking-viewers.ts [--clients 100,500,1000,2000] [--seconds 10]
 * Prints, per client count and server: requests/s, parts seen by >= 90 % of the
 * clients, and the p50/p99 spread between the first and the last client to get a part.
 */
import { parseArgs } from 'node:util';
import { demoSourceArgs, secondsSinceUtcMidnight } from '../ffmpeg/demo-source-args.ts';
import { hlsDelivery } from '../origin/delivery/hls-delivery.ts';
import { LivePackager } from '../packager/live/live-packager.ts';
import { LiveStreams } from '../packager/live/live-streams.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '100,500,1000,2000' },
    seconds: { type: 'string', default: '10' },
  },
});
const clientCounts = (values.clients as string).split(',').map(Number);
const seconds = Number(values.seconds);

interface LoadResult {
  clients: number;
  requests: number;
  errors: number;
  parts: number;
  spreads: number[];
}

async function runLoad(url: string, clients: number): Promise<LoadResult> {
  const proc = Bun.spawn(
    ['bun', `${import.meta.dir}/viewer-load.ts`, url, String(clients), String(seconds)],
    { stdout: 'pipe', stderr: 'inherit' },
  );
  const out = await new Response(proc.stdout).text();
  await proc.exited;
  return JSON.parse(out.trim().split('\n').at(-1) as string) as LoadResult;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;
}

function summary(name: string, r: LoadResult): string {
  const sorted = [...r.spreads].sort((a, b) => a - b);
  const within = sorted.filter((s) => s <= 100).length / Math.max(1, sorted.length);
  return `${name.padEnd(10)} clients=${String(r.clients).padStart(5)}  req/s=${(r.requests / seconds).toFixed(0).padStart(6)}  errors=${r.errors}  parts=${r.parts}  spread p50=${quantile(sorted, 0.5).toFixed(1)}ms p99=${quantile(sorted, 0.99).toFixed(1)}ms  all-within-100ms=${(within * 100).toFixed(1)}%`;
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
while ((await fetch(originUrl)).status !== 200) await Bun.sleep(200);
const sample = await (await fetch(originUrl)).text();

// The peer: the same holding and answering with nothing else (no parsing, no rendering).
let published = { msn: 0, part: 0 };
let wake: () => void = () => {};
let nextPublish = new Promise<void>((r) => {
  wake = r;
});
const timer = setInterval(() => {
  published =
    published.part === 9
      ? { msn: published.msn + 1, part: 0 }
      : { msn: published.msn, part: published.part + 1 };
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
    const text = `${sample}\n#EXT-X-PART:DURATION=0.2,URI="v/${published.msn}.${published.part}.m4s"\n`;
    return new Response(text, { headers: { 'content-type': 'application/vnd.apple.mpegurl' } });
  },
});
const bareUrl = `http://127.0.0.1:${bare.port}/bare/video.m3u8`;

console.log(
  `Blocking LL-HLS viewers, ${seconds} s per run, part target 200 ms (this machine: ${navigator.hardwareConcurrency} cores)`,
);
for (const clients of clientCounts) {
  const ours = await runLoad(originUrl, clients);
  const peer = await runLoad(bareUrl, clients);
  console.log(summary('tidewater', ours));
  console.log(summary('bare-bun', peer));
  console.log(`  ratio req/s tidewater/bare = ${(ours.requests / Math.max(1, peer.requests)).toFixed(2)}`);
}
clearInterval(timer);
bare.stop(true);
origin.stop(true);
await live.closeAll();
