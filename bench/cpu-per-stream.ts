/**
 * CPU cost of the origin process per passthrough stream, beside FFmpeg's own.
 *   bun bench/cpu-per-stream.ts [--streams 1,4,8] [--seconds 20]
 * Each stream: a 720p30 H.264/AAC FLV file (3 Mb/s, 2 s GOP, made once at start)
 * played as live in a loop, remuxed by FFmpeg (-c copy) into fMP4 per track, then
 * cut into parts and segments by this process, with one LL-HLS client per stream
 * following the live edge with blocking reloads and fetching every part.
 * Prints CPU % of one core for this process and for all FFmpeg children.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packagingArgs } from '../ffmpeg/packaging-args.ts';
import { hlsDelivery } from '../origin/delivery/hls-delivery.ts';
import { LivePackager } from '../packager/live/live-packager.ts';
import { LiveStreams } from '../packager/live/live-streams.ts';

const { values } = parseArgs({
  options: { streams: { type: 'string', default: '1,4,8' }, seconds: { type: 'string', default: '20' } },
});
const counts = (values.streams as string).split(',').map(Number);
const seconds = Number(values.seconds);
const scratch = mkdtempSync(join(tmpdir(), 'tw-cpu-bench-'));
const source = join(scratch, 'source.flv');
const make = Bun.spawnSync([
  'ffmpeg',
  '-v',
  'error',
  '-f',
  'lavfi',
  '-i',
  'testsrc2=size=1280x720:rate=30:duration=20',
  '-f',
  'lavfi',
  '-i',
  'sine=frequency=440:duration=20',
  '-c:v',
  'libx264',
  '-preset',
  'ultrafast',
  '-b:v',
  '3000k',
  '-g',
  '60',
  '-keyint_min',
  '60',
  '-sc_threshold',
  '0',
  '-c:a',
  'aac',
  '-b:a',
  '128k',
  '-f',
  'flv',
  source,
]);
if (make.exitCode !== 0) throw new Error(make.stderr.toString());

const ticksPerSecond = 100; // USER_HZ on Linux
function childCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond; // utime + stime
  } catch {
    return 0;
  }
}

async function follow(url: string, until: number): Promise<void> {
  let msn = -1;
  let part = -1;
  while (performance.now() < until) {
    const query = msn < 0 ? '' : `?_HLS_msn=${msn}&_HLS_part=${part + 1}`;
    const res = await fetch(`${url}/video.m3u8${query}`);
    const text = await res.text();
    const last = [...text.matchAll(/#EXT-X-PART:[^\n]*URI="([^"]*?(\d+)\.(\d+)\.m4s)"/g)].at(-1);
    if (!last) {
      await Bun.sleep(100);
      continue;
    }
    await (await fetch(`${url}/${last[1]}`)).arrayBuffer();
    msn = Number(last[2]);
    part = Number(last[3]);
  }
}

console.log(
  `Passthrough CPU, 720p30 3 Mb/s sources, ${seconds} s per run, ${navigator.hardwareConcurrency} cores`,
);
for (const count of counts) {
  const live = new LiveStreams();
  const packagers: LivePackager[] = [];
  for (let i = 0; i < count; i++) {
    const packager = new LivePackager({
      name: `s${i}`,
      partTarget: 0.2,
      segmentTarget: 2,
      windowSegments: 6,
      tracks: ['video', 'audio'],
      ffmpegArgs: () => packagingArgs({ input: { kind: 'url', url: source, format: 'flv', asLive: true } }),
    });
    live.start(`s${i}`, packager);
    packagers.push(packager);
  }
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: hlsDelivery({ live, corsOrigin: '*' }).fetch,
  });
  while (packagers.some((p) => (p.tracks.video?.segments.length ?? 0) < 1)) await Bun.sleep(200);
  const pids = packagers.map((p) => p.ffmpegPid as number);
  const ffmpegBefore = pids.reduce((t, pid) => t + childCpuSeconds(pid), 0);
  const selfBefore = process.cpuUsage();
  const partsBefore = packagers.reduce((t, p) => t + p.partsProduced, 0);
  const until = performance.now() + seconds * 1000;
  await Promise.all(packagers.map((_, i) => follow(`http://127.0.0.1:${server.port}/s${i}`, until)));
  const self = process.cpuUsage(selfBefore);
  const ffmpeg = pids.reduce((t, pid) => t + childCpuSeconds(pid), 0) - ffmpegBefore;
  const parts = packagers.reduce((t, p) => t + p.partsProduced, 0) - partsBefore;
  const selfPct = ((self.user + self.system) / 1e6 / seconds) * 100;
  const ffmpegPct = (ffmpeg / seconds) * 100;
  console.log(
    `streams=${String(count).padStart(2)}  origin=${selfPct.toFixed(1)}% (${(selfPct / count).toFixed(2)}%/stream, includes the test clients)  ffmpeg=${ffmpegPct.toFixed(1)}% (${(ffmpegPct / count).toFixed(2)}%/stream)  origin/ffmpeg=${(selfPct / Math.max(ffmpegPct, 0.01)).toFixed(2)}  parts/s=${(parts / seconds).toFixed(0)}`,
  );
  server.stop(true);
  await live.closeAll();
}
rmSync(scratch, { recursive: true, force: true });
