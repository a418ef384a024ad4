/**
 * CPU of this process and of each FFmpeg child over a window, by role, read from /proc.
 * Children are sampled every `intervalMs` so one that exits mid-window still counts up
 * to its last sample; short-lived ones (thumbnails: one frame each, well under a
 * sample) are caught whole by this process's cutime+cstime, which grows by a child's
 * CPU when it is reaped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpuSeconds, hostJiffies } from './ingest-process-usage.ts';

export type FfmpegRole = 'ladder' | 'remux' | 'source' | 'thumbnail' | 'other';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** What an FFmpeg child does, from its argv. */
export function roleOf(pid: number): FfmpegRole {
  let argv: string[];
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return 'other';
  }
  if (argv.includes('lavfi')) return 'source'; // the demo picture, published as MPEG-TS
  if (argv.includes('-frames:v')) return 'thumbnail';
  if (argv.some((a) => a.includes('split='))) return 'ladder';
  if (argv.includes('pipe:0')) return 'remux'; // passthrough: the packaging FFmpeg, codecs copied
  return 'other';
}

/**
 * Live FFmpeg children of this process: each thread's /proc children list (a few reads),
 * not a scan of all of /proc, so the sampling itself stays cheap in the process measured.
 */
function ffmpegChildren(): number[] {
  const pids: number[] = [];
  for (const task of readdirSync('/proc/self/task')) {
    let children: string;
    try {
      children = readFileSync(`/proc/self/task/${task}/children`, 'utf8');
    } catch {
      continue; // the thread ended
    }
    for (const pid of children.split(' ').filter(Boolean).map(Number)) {
      try {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'ffmpeg') pids.push(pid);
      } catch {}
    }
  }
  return pids;
}

/** This process's CPU seconds so far, and its reaped children's. */
function selfTimes(): { self: number; reaped: number } {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  const ticks = (i: number) => Number(fields[i]) / TICKS_PER_SECOND;
  return { self: ticks(11) + ticks(12), reaped: ticks(13) + ticks(14) };
}

export interface CpuWindow {
  seconds: number;
  /** % of one core, without the sampling's own CPU. */
  originPct: number;
  /** What the sampling cost this process (subtracted from originPct). */
  samplingPct: number;
  /** Per role: % of one core, and how many processes had that role during the window (thumbnails: CPU in reapedPct). */
  ffmpeg: Record<FfmpegRole, { pct: number; processes: number }>;
  /** Children reaped during the window, whole lifetime: the thumbnail FFmpegs (and a ladder that restarted). */
  reapedPct: number;
  /** Whole machine, % of all cores: shows what else (other engineers' work) ran meanwhile. */
  hostBusyPct: number;
}

export class CpuSampler {
  readonly #startCpu = new Map<number, number>();
  readonly #lastCpu = new Map<number, number>();
  readonly #roles = new Map<number, FfmpegRole>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #startedAt = 0;
  #self = selfTimes();
  #host = hostJiffies();
  /** CPU seconds this process spent sampling: subtracted from the origin's. */
  #samplingCpu = 0;

  start(intervalMs = 500): void {
    this.#startedAt = performance.now();
    this.#self = selfTimes();
    this.#host = hostJiffies();
    for (const pid of ffmpegChildren()) this.#startCpu.set(pid, cpuSeconds(pid));
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), intervalMs);
  }

  stop(): CpuWindow {
    this.#sample();
    clearInterval(this.#timer);
    const seconds = (performance.now() - this.#startedAt) / 1000;
    const pct = (cpu: number) => (cpu / seconds) * 100;
    const self = selfTimes();
    const ffmpeg: CpuWindow['ffmpeg'] = {
      ladder: { pct: 0, processes: 0 },
      remux: { pct: 0, processes: 0 },
      source: { pct: 0, processes: 0 },
      thumbnail: { pct: 0, processes: [...this.#roles.values()].filter((r) => r === 'thumbnail').length },
      other: { pct: 0, processes: 0 },
    };
    for (const [pid, last] of this.#lastCpu) {
      const entry = ffmpeg[this.#roles.get(pid) ?? 'other'];
      entry.pct += pct(last - (this.#startCpu.get(pid) ?? 0));
      entry.processes++;
    }
    const host = hostJiffies();
    return {
      seconds,
      originPct: pct(self.self - this.#self.self - this.#samplingCpu),
      samplingPct: pct(this.#samplingCpu),
      ffmpeg,
      reapedPct: pct(self.reaped - this.#self.reaped),
      hostBusyPct: ((host.busy - this.#host.busy) / Math.max(1, host.total - this.#host.total)) * 100,
    };
  }

  #sample(): void {
    const before = process.cpuUsage();
    for (const pid of ffmpegChildren()) {
      if (!this.#roles.has(pid)) this.#roles.set(pid, roleOf(pid));
      // A thumbnail lives a fraction of a sample: counted whole, once reaped, in reapedPct.
      if (this.#roles.get(pid) === 'thumbnail') continue;
      const cpu = cpuSeconds(pid);
      // 0 means it vanished between listing and reading: keep the last real value.
      if (cpu > 0 || !this.#lastCpu.has(pid)) this.#lastCpu.set(pid, cpu);
    }
    const spent = process.cpuUsage(before);
    this.#samplingCpu += (spent.user + spent.system) / 1e6;
  }
}
