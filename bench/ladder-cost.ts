/**
 * What the ABR ladder costs the origin process, beside FFmpeg's own encoding.
 *   bun bench/ladder-cost.ts [--seconds 30] [--warmup 20] [--modes on,off[,idle]]
 * Per mode, an origin runs in this process with its demo stream (720p30 test picture):
 *   on:  `demo.ladder: on`  — a source FFmpeg draws and encodes the picture (MPEG-TS), the
 *        ladder FFmpeg decodes it once and encodes 720p/480p/360p (x264 veryfast zerolatency),
 *        the origin cuts four tracks (three video + audio) into parts and segments;
 *   off: `demo.ladder: off` — passthrough: the same MPEG-TS, remuxed (codecs copied) to two tracks;
 *   idle: no demo, no stream: the origin's fixed cost (timers, metrics), for reference.
 * After every rendition has a segment and --warmup seconds more (an origin runs for hours: its
 * JIT compiling and the start-up burst are not its steady cost), CPU is measured for
 * --seconds: this process (the origin,
 * plus this bench's few playlist reads; the /proc sampling's own CPU is subtracted) and each
 * FFmpeg child by role, from /proc. Each
 * rendition's live edge, read from its LL-HLS playlist at the start and the end, gives the media
 * produced per wall second (real-time factor); a rendition kept up when that is >= 0.97 and it
 * fell no further behind the wall clock than 0.5 s. Prints a table, then one JSON line.
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startTestOrigin, testConfig } from '../tests/harness/test-origin.ts';
import { type EdgeReading, mediaPlaylists, readEdge } from './ladder-cost-edge.ts';
import { CpuSampler, type CpuWindow } from './ladder-cost-processes.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '20' },
    modes: { type: 'string', default: 'on,off' },
  },
});
const seconds = Number(values.seconds);
if (!(seconds > 0)) throw new Error('--seconds must be > 0');
const warmupSeconds = Number(values.warmup);
if (!(warmupSeconds >= 0)) throw new Error('--warmup must be >= 0');
const modes = values.modes.split(',');
type Mode = 'on' | 'off' | 'idle';
const isMode = (mode: string): mode is Mode => mode === 'on' || mode === 'off' || mode === 'idle';
for (const mode of modes) if (!isMode(mode)) throw new Error(`unknown mode ${mode}`);

const KEEP_UP_FACTOR = 0.97;
const MAX_FALL_BEHIND_MS = 500;

interface RenditionResult {
  name: string;
  segments: number;
  realTimeFactor: number;
  /** Growth of (wall clock - live edge) over the window, ms. */
  fellBehindMs: number;
  keptUp: boolean;
}

interface ModeResult {
  mode: Mode;
  cpu: CpuWindow;
  renditions: RenditionResult[];
}

async function waitFor<T>(read: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await read();
    if (value !== undefined) return value;
    await Bun.sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function runMode(mode: Mode): Promise<ModeResult> {
  const config = testConfig({ demo: { enabled: mode !== 'idle', ladder: mode === 'on' ? 'on' : 'off' } });
  const origin = await startTestOrigin(config);
  try {
    if (mode === 'idle') {
      await Bun.sleep(warmupSeconds * 1000);
      const sampler = new CpuSampler();
      sampler.start();
      await Bun.sleep(seconds * 1000);
      return { mode, cpu: sampler.stop(), renditions: [] };
    }
    const master = origin.demo?.hls;
    if (!master) throw new Error('the origin started no demo stream');
    const playlists = await waitFor(
      async () => {
        const res = await fetch(master).catch(() => undefined);
        if (!res?.ok) return undefined;
        const found = mediaPlaylists(await res.text(), master);
        return found.length > 0 ? found : undefined;
      },
      60_000,
      'the demo multivariant playlist',
    );
    // Every rendition (and audio) has a whole segment: the ladder is past its start-up.
    const starts = await waitFor(
      async () => {
        const edges = await Promise.all(playlists.map((p) => readEdge(p.url)));
        return edges.every((e) => e !== undefined) ? (edges as EdgeReading[]) : undefined;
      },
      60_000,
      'a segment in every rendition',
    );
    await Bun.sleep(warmupSeconds * 1000);
    const sampler = new CpuSampler();
    sampler.start();
    const firstEdges = await Promise.all(playlists.map((p) => readEdge(p.url)));
    await Bun.sleep(seconds * 1000);
    const lastEdges = await Promise.all(playlists.map((p) => readEdge(p.url)));
    const cpu = sampler.stop();
    const renditions = playlists.map((p, i) => {
      const first = firstEdges[i] ?? starts[i];
      const last = lastEdges[i];
      if (!first || !last || last.discontinuitySequence !== first.discontinuitySequence) {
        return { name: p.name, segments: 0, realTimeFactor: 0, fellBehindMs: Number.NaN, keptUp: false };
      }
      const wall = last.at - first.at;
      const media = last.edgeMs - first.edgeMs;
      const fellBehindMs = wall - media;
      const realTimeFactor = media / wall;
      return {
        name: p.name,
        segments: last.nextMsn - first.nextMsn,
        realTimeFactor,
        fellBehindMs,
        keptUp: realTimeFactor >= KEEP_UP_FACTOR && fellBehindMs <= MAX_FALL_BEHIND_MS,
      };
    });
    return { mode, cpu, renditions };
  } finally {
    await origin.close();
    rmSync(config.storage.dataDir, { recursive: true, force: true });
  }
}

const loadavg = async () => (await Bun.file('/proc/loadavg').text()).split(' ').slice(0, 3).join(' ');
const loadBefore = await loadavg();
const results: ModeResult[] = [];
for (const mode of modes as Mode[]) {
  console.error(`ladder ${mode}: measuring ${seconds} s ...`);
  results.push(await runMode(mode));
}
const loadAfter = await loadavg();

const f1 = (n: number) => n.toFixed(1);
/** `part` in % of `whole`; null without FFmpeg work to compare with (idle). */
const share = (part: number, whole: number) => (whole < 1 ? null : Number(f1((part / whole) * 100)));
const MODE_NAMES: Record<Mode, string> = {
  on: 'ladder 720p/480p/360p',
  off: 'passthrough (ladder off)',
  idle: 'idle origin (no stream)',
};
const rows = results.map((r) => {
  const ladder = r.cpu.ffmpeg.ladder.pct;
  const source = r.cpu.ffmpeg.source.pct;
  const remux = r.cpu.ffmpeg.remux.pct;
  const allFfmpeg = ladder + remux + source + r.cpu.ffmpeg.other.pct;
  // The FFmpeg work the origin adds to: the ladder (on); off: the encoding source FFmpeg,
  // as an encoder publishing to the origin would be.
  const encoding = r.mode === 'on' ? ladder : source;
  return {
    mode: MODE_NAMES[r.mode],
    originCpuPct: Number(f1(r.cpu.originPct)),
    samplingCpuPct: Number(r.cpu.samplingPct.toFixed(2)),
    ladderFfmpegCpuPct: Number(f1(ladder)),
    remuxFfmpegCpuPct: Number(f1(remux)),
    sourceFfmpegCpuPct: Number(f1(source)),
    otherFfmpegCpuPct: Number(f1(r.cpu.ffmpeg.other.pct)),
    reapedChildrenCpuPct: Number(f1(r.cpu.reapedPct)),
    thumbnailProcesses: r.cpu.ffmpeg.thumbnail.processes,
    originOverPctOfEncodingFfmpeg: share(r.cpu.originPct, encoding),
    originOverPctOfAllFfmpeg: share(r.cpu.originPct, allFfmpeg),
    hostBusyPct: Number(f1(r.cpu.hostBusyPct)),
    renditions: r.renditions.map((x) => ({
      ...x,
      realTimeFactor: Number(x.realTimeFactor.toFixed(3)),
      fellBehindMs: Math.round(x.fellBehindMs),
    })),
    allKeptUp: r.renditions.every((x) => x.keptUp),
  };
});

console.log(
  `Ladder cost, demo 720p30, ${seconds} s per mode after ${warmupSeconds} s of warm-up, ${navigator.hardwareConcurrency} cores; CPU in % of one core; load average ${loadBefore} -> ${loadAfter}`,
);
const header = [
  'mode',
  'origin CPU %',
  'ladder FFmpeg %',
  'remux FFmpeg %',
  'source FFmpeg %',
  'reaped (thumbnails) %',
  'origin / encoding FFmpeg',
  'origin / all FFmpeg',
  'host busy %',
  'real-time factor per track',
  'all kept up',
];
console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const r of rows) {
  console.log(
    `| ${[
      r.mode,
      f1(r.originCpuPct),
      f1(r.ladderFfmpegCpuPct),
      f1(r.remuxFfmpegCpuPct),
      f1(r.sourceFfmpegCpuPct),
      f1(r.reapedChildrenCpuPct),
      r.originOverPctOfEncodingFfmpeg === null ? '-' : `${f1(r.originOverPctOfEncodingFfmpeg)} %`,
      r.originOverPctOfAllFfmpeg === null ? '-' : `${f1(r.originOverPctOfAllFfmpeg)} %`,
      f1(r.hostBusyPct),
      r.renditions
        .map((x) => `${x.name} ${x.realTimeFactor.toFixed(3)} (${x.segments} seg, ${x.fellBehindMs} ms)`)
        .join(', '),
      r.renditions.length === 0 ? '-' : r.allKeptUp ? 'yes' : 'NO',
    ].join(' | ')} |`,
  );
}
console.log(
  JSON.stringify({
    bench: 'ladder-cost',
    seconds,
    loadAverage: { before: loadBefore, after: loadAfter },
    rows,
  }),
);
process.exit(0);
