/** How numbers read in the console: short, with units, and a dash for "unknown". */

export const UNKNOWN = '—';

/** Kilobits per second as `850 kb/s` or `4.2 Mb/s`. */
export function formatBitrate(kbps: number | null | undefined): string {
  if (kbps === null || kbps === undefined || !Number.isFinite(kbps)) return UNKNOWN;
  if (kbps < 1000) return `${Math.round(kbps)} kb/s`;
  return `${(kbps / 1000).toFixed(kbps < 10_000 ? 2 : 1)} Mb/s`;
}

/** Milliseconds as `45 s`, `3 min 05 s`, `2 h 07 min`, `3 d 4 h`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return UNKNOWN;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

/** A latency in milliseconds: `0.42 ms` below one, `120 ms`, then `1.25 s`. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return UNKNOWN;
  if (Math.abs(ms) < 1) return `${Number(ms.toFixed(2))} ms`;
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Bytes in binary units: `512 B`, `1.5 KiB`, `3.2 GiB`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return UNKNOWN;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** An ISO time relative to `now`: `just now`, `12 s ago`, `4 min ago`, then the date. */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return UNKNOWN;
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return UNKNOWN;
  const s = Math.round((now - at) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(at).toISOString().slice(0, 16).replace('T', ' ');
}

/** Video shape as `1280×720 @ 29.97 fps`; parts unknown are left out. */
export function formatVideo(width: number | null, height: number | null, fps: number | null): string {
  const size = width && height ? `${width}×${height}` : '';
  const rate = fps ? `${Number(fps.toFixed(2))} fps` : '';
  return [size, rate].filter(Boolean).join(' @ ') || UNKNOWN;
}

/** A protocol statistic name (`packetsLost`, `rttMs`) as words (`packets lost`, `rtt (ms)`). */
export function statLabel(name: string): string {
  const unit = /(Ms|Mbps|Kbps|Bytes)$/.exec(name)?.[1];
  const stem = unit ? name.slice(0, -unit.length) : name;
  const words = stem.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return unit ? `${words} (${unit.toLowerCase()})` : words;
}
