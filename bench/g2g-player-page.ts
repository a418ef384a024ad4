/**
 * The measuring page. It plays either an HLS URL with hls.js or the floor relay's
 * WebSocket straight into MSE, and on every presented frame reads the timecode
 * cells burned in by demoSourceArgs({ timecodeBlocks: true }) from a canvas:
 * latency = Date.now() - capture time, both on this machine's clock.
 * Results accumulate in `window.g2g` for the benchmark to collect.
 */
import { TIMECODE_BLOCKS } from '../ffmpeg/demo-source-args.ts';

/** What the page reports. */
export interface PageResult {
  startupMs?: number;
  latencies: number[];
  rejectedFrames: number;
  stalls: number;
  stallMs: number;
  errors: string[];
  /** Requests before the first frame: [ms after page start, URL tail, ms to last byte]. */
  startupFetches?: [number, string, number][];
  /** hls.js's own view once a second: [latency s, target s, playbackRate, forward buffer s]. */
  hlsSamples?: number[][];
}

/** query: mode=hls&src=URL[&ll=1][&engine=tidewater] or mode=floor&src=ws://... */
export function playerPage(): string {
  return `<!doctype html><meta charset="utf-8"><title>g2g</title>
<video id="v" muted autoplay playsinline></video><canvas id="c"></canvas>
<script src="/hls.min.js"></script>
<script src="/tidewater-hls.js"></script>
<script>
const T0 = performance.now();
const L = ${JSON.stringify(TIMECODE_BLOCKS)};
const q = new URLSearchParams(location.search);
const video = document.getElementById('v');
const ctx = document.getElementById('c').getContext('2d', { willReadFrequently: true });
const g2g = (window.g2g = { latencies: [], rejectedFrames: 0, stalls: 0, stallMs: 0, errors: [] });
// A freeze is a gap of more than 200 ms between presented frames (30 fps: 33 ms).
let lastFrameAt;

function readTimecode() {
  const w = video.videoWidth, h = video.videoHeight;
  if (!w) return undefined;
  if (ctx.canvas.width !== w) { ctx.canvas.width = w; ctx.canvas.height = h; }
  const cell = Math.floor(w / L.cells);
  ctx.drawImage(video, 0, 0, w, h);
  const px = ctx.getImageData(0, 0, cell * L.cells, cell).data;
  const luma = (i) => {
    let sum = 0;
    for (let dy = -2; dy < 2; dy++) for (let dx = -2; dx < 2; dx++) {
      const o = ((cell >> 1) + dy) * cell * L.cells * 4 + (i * cell + (cell >> 1) + dx) * 4;
      sum += px[o] + px[o + 1] + px[o + 2];
    }
    return sum / 48;
  };
  if (luma(0) < 160 || luma(L.markerCell) < 160 || luma(30) > 96 || luma(31) > 96) return undefined;
  let ms = 0, ones = 0;
  for (let i = 0; i < L.bits; i++) { const b = luma(L.firstBitCell + i) > 128 ? 1 : 0; ms = ms * 2 + b; ones += b; }
  if ((ones % 2) !== (luma(L.parityCell) > 128 ? 1 : 0)) return undefined;
  return ms;
}

function onFrame() {
  const now = Date.now();
  const ms = readTimecode();
  if (ms === undefined) g2g.rejectedFrames++;
  else {
    let lat = (now % 86400000) - ms;
    if (lat < -43200000) lat += 86400000;
    if (lat > 43200000) lat -= 86400000;
    // a smeared decode can still pass parity: keep only plausible values.
    if (Math.abs(lat) > 60000) g2g.rejectedFrames++;
    else {
      if (g2g.startupMs === undefined) {
        g2g.startupMs = performance.now() - T0;
        // What the page fetched before its first frame: ms from page start, name, ms to the last byte.
        g2g.startupFetches = performance.getEntriesByType('resource').map((r) =>
          [Math.round(r.startTime - T0), r.name.split('/').slice(-2).join('/'), Math.round(r.responseEnd - r.startTime)]);
      }
      g2g.latencies.push(lat);
    }
  }
  const t = performance.now();
  if (lastFrameAt !== undefined && t - lastFrameAt > 200) { g2g.stalls++; g2g.stallMs += t - lastFrameAt - 33; }
  if (g2g.startupMs !== undefined) lastFrameAt = t;
  video.requestVideoFrameCallback(onFrame);
}
video.requestVideoFrameCallback(onFrame);

if (q.get('mode') === 'hls') {
  // rate > 1 lets hls.js catch up to its live target (hls.js default: 1, never catches up).
  const rate = Number(q.get('rate') || 1);
  g2g.hlsSamples = [];
  const sample = (latency, target) => {
    const b = video.buffered;
    const ahead = b.length ? b.end(b.length - 1) - video.currentTime : 0;
    g2g.hlsSamples.push([latency, target ?? 0, video.playbackRate, ahead]);
  };
  if (q.get('engine') === 'tidewater') {
    // The viewer page's own engine (bench/g2g-hls-engine-entry.ts).
    window.startTidewaterHls(video, q.get('src'));
    setInterval(() => { const e = window.tidewaterEngine; sample(e.latency() ?? 0, e.targetLatency()); }, 1000);
  } else {
    const hls = new Hls(q.get('ll') === '1' ? { lowLatencyMode: true, maxLiveSyncPlaybackRate: rate } : {});
    hls.on(Hls.Events.ERROR, (_e, d) => { if (d.fatal) g2g.errors.push(d.type + ':' + d.details); });
    setInterval(() => sample(hls.latency, hls.targetLatency), 1000);
    hls.loadSource(q.get('src'));
    hls.attachMedia(video);
  }
  video.play().catch((e) => g2g.errors.push(String(e)));
} else {
  // Floor: every chunk is appended the moment it arrives; the playhead chases the
  // buffered edge (seek if > 1 s behind, 1.1x if > 0.3 s) so nothing but the
  // decoder and the compositor stands between the encoder and the screen.
  const ms = new MediaSource();
  video.src = URL.createObjectURL(ms);
  ms.addEventListener('sourceopen', () => {
    const queue = [];
    let sb, started = false;
    const pump = () => { if (sb && !sb.updating && queue.length) sb.appendBuffer(queue.shift()); };
    const chase = () => {
      const b = sb.buffered;
      if (!b.length) return;
      const end = b.end(b.length - 1);
      if (!started) { started = true; video.currentTime = Math.max(b.start(b.length - 1), end - 0.1); video.play().catch((e) => g2g.errors.push(String(e))); return; }
      const ahead = end - video.currentTime;
      if (ahead > 1) video.currentTime = end - 0.1;
      else video.playbackRate = ahead > 0.3 ? 1.1 : 1;
    };
    const ws = new WebSocket(q.get('src'));
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (e) => {
      if (typeof e.data === 'string') {
        sb = ms.addSourceBuffer('video/mp4; codecs="' + JSON.parse(e.data).codec + '"');
        sb.addEventListener('updateend', () => { chase(); pump(); });
        return;
      }
      queue.push(e.data);
      pump();
    };
    ws.onerror = () => g2g.errors.push('websocket error');
  });
}
</script>`;
}
