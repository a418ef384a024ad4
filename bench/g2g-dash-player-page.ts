/**
 * The LL-DASH measuring page: the hls.js bench's page (g2g-player-page.ts) with the
 * same timecode reading and freeze counting, its player swapped for dash.js. Reusing
 * that page's measuring script verbatim keeps both benches' numbers comparable.
 * The floor viewer is served by the hls.js page itself (mode=floor).
 *
 * dash.js 5 has no `lowLatencyEnabled` setting any more: it enters low-latency mode by
 * itself when the MPD says `availabilityTimeComplete="false"`. The page records
 * whether it did (`lowLatency`), and dash.js's own latency estimate beside the pixels'.
 */
import { type PageResult, playerPage } from './g2g-player-page.ts';

export interface DashPageResult extends PageResult {
  /** dash.js's getCurrentLiveLatency() every 500 ms once playing, ms. */
  playerLatencies: number[];
  lowLatency?: boolean;
  /** Highest and lowest playback rate seen (catch-up at work). */
  minRate?: number;
  maxRate?: number;
  /** Each time the video element waited for data: seconds since the page started, and the buffer ahead then. */
  waits: { atS: number; bufferS: number }[];
  /** With trace=1: [seconds since page start, what, detail] for samples and player events. */
  trace?: [number, string, string][];
}

const PLAYER_MARKER = "if (q.get('mode') === 'hls') {";
const HLS_SCRIPT = '<script src="/hls.min.js"></script>';
const ENGINE_SCRIPT = '<script src="/tidewater-hls.js"></script>';

/** The hls.js page up to its player: the video element, the canvas, and the measuring. */
function measuringPart(): string {
  const page = playerPage();
  const cut = page.indexOf(PLAYER_MARKER);
  if (cut < 0 || !page.includes(HLS_SCRIPT) || !page.includes(ENGINE_SCRIPT))
    throw new Error('g2g-player-page.ts changed shape: update g2g-dash-player-page.ts');
  return page
    .slice(0, cut)
    .replace(ENGINE_SCRIPT, '')
    .replace(HLS_SCRIPT, '<script src="/dash.all.min.js"></script>');
}

/**
 * query: src=<MPD URL>&time=<http-iso clock URL>&delay=<liveDelay s>&rate=<catch-up, e.g. 0.1>
 * [&drift=<maxDrift s>]
 */
export function dashPlayerPage(): string {
  return `${measuringPart()}
g2g.playerLatencies = [];
const delay = Number(q.get('delay'));
const rate = Number(q.get('rate'));
const drift = q.get('drift');
const player = dashjs.MediaPlayer().create();
player.updateSettings({
  debug: { logLevel: dashjs.Debug.LOG_LEVEL_WARNING },
  streaming: {
    delay: { liveDelay: delay },
    liveCatchup: {
      enabled: true,
      mode: 'liveCatchupModeDefault',
      playbackRate: { min: -rate, max: rate },
      ...(drift ? { maxDrift: Number(drift) } : {}),
    },
    // Nothing outside this machine is reachable: never fall back to dash.js's public time server.
    utcSynchronization: { defaultTimingSource: { scheme: 'urn:mpeg:dash:utc:http-iso:2014', value: q.get('time') } },
  },
});
const seen = new Set();
player.on(dashjs.MediaPlayer.events.ERROR, (e) => {
  const err = e.error || {};
  const key = 'dash:' + err.code + ':' + String(err.message || '').slice(0, 80);
  if (!seen.has(key) && seen.size < 8) { seen.add(key); g2g.errors.push(key); }
});
g2g.waits = [];
video.addEventListener('waiting', () => {
  if (g2g.startupMs === undefined || g2g.waits.length >= 50) return;
  const b = video.buffered;
  const ahead = b.length ? b.end(b.length - 1) - video.currentTime : 0;
  g2g.waits.push({ atS: Math.round(performance.now() - T0) / 1000, bufferS: Math.round(ahead * 1000) / 1000 });
});
if (q.get('trace') === '1') {
  // Diagnostics: every 250 ms latency/buffer/rate, and the player's own events, to line up with waits.
  const trace = (g2g.trace = []);
  const at = () => Math.round(performance.now() - T0) / 1000;
  const E = dashjs.MediaPlayer.events;
  const log = (kind, detail) => { if (trace.length < 20000) trace.push([at(), kind, detail]); };
  setInterval(() => {
    const b = video.buffered;
    const ahead = b.length ? b.end(b.length - 1) - video.currentTime : 0;
    log('sample', [player.getCurrentLiveLatency().toFixed(3), ahead.toFixed(3), video.playbackRate, video.currentTime.toFixed(3)].join(' '));
  }, 250);
  video.addEventListener('waiting', () => log('waiting', ''));
  video.addEventListener('seeking', () => log('seeking', String(video.currentTime)));
  for (const name of ['MANIFEST_LOADED', 'PLAYBACK_SEEKING', 'PLAYBACK_STALLED', 'BUFFER_EMPTY', 'FRAGMENT_LOADING_ABANDONED', 'PLAYBACK_RATE_CHANGED', 'PERIOD_SWITCH_STARTED', 'STREAM_INITIALIZED', 'QUALITY_CHANGE_REQUESTED', 'REPRESENTATION_SWITCH'])
    if (E[name]) player.on(E[name], (e) => log(name, String(e.mediaType || e.playbackRate || e.seekTime || '')));
  for (const name of ['TIME_SYNCHRONIZATION_COMPLETED', 'UPDATE_TIME_SYNC_OFFSET'])
    player.on(name === 'UPDATE_TIME_SYNC_OFFSET' ? 'updateTimeSyncOffset' : E[name] ?? name, (e) => log(name, JSON.stringify(e).slice(0, 200)));
  player.on(E.FRAGMENT_LOADING_STARTED, (e) => log('frag-start', (e.request?.mediaType || '') + ' ' + (e.request?.url || '').split('/').pop()));
  player.on(E.FRAGMENT_LOADING_COMPLETED, (e) => log('frag-done', (e.request?.mediaType || '') + ' ' + (e.request?.url || '').split('/').pop() + ' ' + (e.response ? e.response.byteLength : 'no-body')));
}
player.initialize(video, q.get('src'), true);
setInterval(() => {
  if (g2g.startupMs === undefined) return;
  try { g2g.lowLatency = player.getLowLatencyModeEnabled(); } catch {}
  const l = player.getCurrentLiveLatency();
  if (l > 0) g2g.playerLatencies.push(Math.round(l * 1000));
  const r = video.playbackRate;
  g2g.minRate = Math.min(g2g.minRate ?? r, r);
  g2g.maxRate = Math.max(g2g.maxRate ?? r, r);
}, 500);
</script>`;
}
