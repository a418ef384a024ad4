/**
 * CPU and memory over one measured window, split three ways: this process (the origin,
 * plus the bench's own playlist watchers), the origin's packaging FFmpeg children, and
 * the publisher FFmpeg processes. CPU in % of one core; host busy in % of all cores
 * (it shows anything else that ran on the machine meanwhile).
 */
import { childPids, cpuSince, cpuSnapshot, hostJiffies, pssBytes } from './ingest-process-usage.ts';

export interface ResourceWindow {
  originCpuPct: number;
  packagerCpuPct: number;
  publisherCpuPct: number;
  hostBusyPct: number;
  originRssMb: number;
  packagerPssMb: number;
  publisherPssMb: number;
  packagers: number;
}

const MB = 1024 * 1024;

export class ResourceMeter {
  readonly #publisherPids: () => number[];
  #startedAt = 0;
  #self = process.cpuUsage();
  #children = new Map<number, number>();
  #host = hostJiffies();

  /** `publisherPids`: the FFmpeg children that publish; every other FFmpeg child is a packager. */
  constructor(publisherPids: () => number[]) {
    this.#publisherPids = publisherPids;
  }

  start(): void {
    this.#startedAt = performance.now();
    this.#self = process.cpuUsage();
    this.#children = cpuSnapshot(childPids(process.pid, 'ffmpeg'));
    this.#host = hostJiffies();
  }

  read(): ResourceWindow {
    const seconds = (performance.now() - this.#startedAt) / 1000;
    const self = process.cpuUsage(this.#self);
    const publishers = new Set(this.#publisherPids());
    const ffmpeg = childPids(process.pid, 'ffmpeg');
    const packagers = ffmpeg.filter((pid) => !publishers.has(pid));
    const publishing = ffmpeg.filter((pid) => publishers.has(pid));
    const host = hostJiffies();
    const pct = (cpu: number) => (cpu / seconds) * 100;
    const sumPss = (pids: number[]) => pids.reduce((t, pid) => t + pssBytes(pid), 0) / MB;
    return {
      originCpuPct: pct((self.user + self.system) / 1e6),
      packagerCpuPct: pct(cpuSince(this.#children, packagers)),
      publisherCpuPct: pct(cpuSince(this.#children, publishing)),
      hostBusyPct: ((host.busy - this.#host.busy) / Math.max(1, host.total - this.#host.total)) * 100,
      originRssMb: process.memoryUsage().rss / MB,
      packagerPssMb: sumPss(packagers),
      publisherPssMb: sumPss(publishing),
      packagers: packagers.length,
    };
  }
}
