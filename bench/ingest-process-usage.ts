/**
 * CPU and memory of processes read from /proc (Linux), for the ingest benchmarks:
 * the origin runs in this process, its packaging FFmpeg and the publishers are children.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** Fields after the `(comm)` of /proc/<pid>/stat, which may itself hold spaces. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  } catch {
    return undefined; // gone
  }
}

/** utime + stime of one process in seconds; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND : 0;
}

/**
 * Proportional set size in bytes (shared pages, such as FFmpeg's libraries, divided
 * among the processes sharing them, so a sum over many FFmpeg is honest); 0 once gone.
 */
export function pssBytes(pid: number): number {
  try {
    const match = /Pss:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Live direct children of `parent` whose executable name is `comm` (e.g. every ffmpeg we spawned). */
export function childPids(parent: number, comm: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const fields = statFields(pid);
    if (!fields || Number(fields[1]) !== parent || fields[0] === 'Z') continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm) pids.push(pid);
    } catch {}
  }
  return pids;
}

/** CPU seconds a set of processes spent since `before` (pids new since then count from 0). */
export function cpuSince(before: Map<number, number>, pids: number[]): number {
  return pids.reduce((total, pid) => total + cpuSeconds(pid) - (before.get(pid) ?? 0), 0);
}

export function cpuSnapshot(pids: number[]): Map<number, number> {
  return new Map(pids.map((pid) => [pid, cpuSeconds(pid)]));
}

/** Busy and total jiffies of the whole machine (all cores), to show what else ran meanwhile. */
export function hostJiffies(): { busy: number; total: number } {
  const cpu =
    readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const total = cpu.reduce((a, b) => a + b, 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}
