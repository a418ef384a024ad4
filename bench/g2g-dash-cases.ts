/**
 * The LL-DASH delivery paths under test. Each starts its own encoder (demoSourceArgs
 * with the timecode cells, video teed to the floor relay, as in g2g-cases.ts) and
 * hands back the MPD a player should load, a readiness check and a stop().
 *
 *   origin-dash: encoder ─ fd 3/4 ─ LivePackager ─ dashDelivery + hlsDelivery (same media) + /time
 *   ffmpeg-dash: encoder ─ FFmpeg dash muxer (-ldash 1 -streaming 1, chunked PUT) ─ ChunkedRelay
 */
import { Hono } from 'hono';
import { demoSourceArgs, secondsSinceUtcMidnight } from '../ffmpeg/demo-source-args.ts';
import { dashDelivery, timeEndpoint } from '../origin/delivery/dash-delivery.ts';
import { hlsDelivery } from '../origin/delivery/hls-delivery.ts';
import { LivePackager } from '../packager/live/live-packager.ts';
import { LiveStreams } from '../packager/live/live-streams.ts';
import type { Profile } from './g2g-cases.ts';
import type { ChunkedRelay } from './g2g-dash-relay.ts';
import { teeMuxedWithFloor, teeVideoToFloor } from './g2g-encoder-tee.ts';

export type DashCaseName = 'origin-dash' | 'ffmpeg-dash';
export const DASH_CASES: readonly DashCaseName[] = ['origin-dash', 'ffmpeg-dash'];

/** Both paths cut the same way: 0.2 s chunks, 2 s segments (= the 2 s GOP), 6 segments listed. */
export const PART_SECONDS = 0.2;
export const SEGMENT_SECONDS = 2;
const WINDOW_SEGMENTS = 6;

export interface RunningDashCase {
  mpdUrl: string;
  /** True once the source has run long enough for a player to start ~3 segments in. */
  ready(): Promise<boolean>;
  stop(): Promise<void>;
}

export interface DashCaseContext {
  profile: Profile;
  floorUrl: string;
  /** The bench server's base URL; it serves `relay` under /ffdash/ and its clock at /time. */
  benchBase: string;
  relay: ChunkedRelay;
  /** FFmpeg's Latency@target (the origin derives its own: 2 s for 0.2 s parts). */
  targetLatencySeconds: number;
}

// The same encoder as the hls.js bench: 640x360 30 fps, 1.5 Mb/s, 2 s GOP.
const encoderArgs = (profile: Profile) =>
  demoSourceArgs({
    clockOffsetSeconds: secondsSinceUtcMidnight(new Date()),
    width: 640,
    height: 360,
    videoBitrateKbps: 1500,
    keyframeIntervalSeconds: SEGMENT_SECONDS,
    timecodeBlocks: true,
    logLevel: 'error',
    ...profile.encoder,
  });

async function stopProcess(proc: ReturnType<typeof Bun.spawn>): Promise<void> {
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
  await proc.exited;
  clearTimeout(timer);
}

export function startDashCase(name: DashCaseName, ctx: DashCaseContext): RunningDashCase {
  return name === 'origin-dash' ? startOriginDash(ctx) : startFfmpegDash(ctx);
}

function startOriginDash(ctx: DashCaseContext): RunningDashCase {
  const live = new LiveStreams();
  const packager = new LivePackager({
    name: 'g2g',
    partTarget: PART_SECONDS,
    segmentTarget: SEGMENT_SECONDS,
    windowSegments: WINDOW_SEGMENTS,
    tracks: ['video', 'audio'],
    ffmpegArgs: () => teeVideoToFloor(encoderArgs(ctx.profile), ctx.floorUrl),
  });
  live.start('g2g', packager);
  let base = '';
  // The origin's own routes, as start-origin.ts mounts them: the MPD's BaseURL is ../../hls/g2g/.
  const app = new Hono();
  app.route('/dash', dashDelivery({ live, corsOrigin: '*', timeUrl: () => `${base}/time` }));
  app.route('/time', timeEndpoint('*'));
  app.route('/hls', hlsDelivery({ live, corsOrigin: '*' }));
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: app.fetch, idleTimeout: 30 });
  base = `http://127.0.0.1:${server.port}`;
  return {
    mpdUrl: `${base}/dash/g2g/manifest.mpd`,
    ready: async () => (packager.tracks.video?.segments.length ?? 0) >= 3,
    stop: async () => {
      await live.closeAll();
      server.stop(true);
    },
  };
}

/**
 * A tee slave option value: tee unescapes the whole spec once when it splits slaves at '|',
 * then each option once more at ':', so a ':' in a value needs two levels of backslash.
 */
const teeEscape = (value: string) => value.replace(/[\\:'|[\]]/g, (c) => `\\\\${c}`);

function startFfmpegDash(ctx: DashCaseContext): RunningDashCase {
  ctx.relay.clear();
  const dash = [
    'f=dash',
    'ldash=1',
    'streaming=1',
    `seg_duration=${SEGMENT_SECONDS}`,
    'frag_type=duration',
    `frag_duration=${PART_SECONDS}`,
    `target_latency=${ctx.targetLatencySeconds}`,
    // Template with @duration: the player computes the segment being made from the clock
    // (a SegmentTimeline from FFmpeg lists only finished segments, a whole segment late).
    'use_timeline=0',
    'use_template=1',
    `window_size=${WINDOW_SEGMENTS}`,
    'method=PUT',
    `utc_timing_url=${teeEscape(`${ctx.benchBase}/time`)}`,
  ].join(':');
  const proc = Bun.spawn(
    [
      'ffmpeg',
      ...teeMuxedWithFloor(
        encoderArgs(ctx.profile),
        `[${dash}]${ctx.benchBase}/ffdash/manifest.mpd`,
        ctx.floorUrl,
      ),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return {
    mpdUrl: `${ctx.benchBase}/ffdash/manifest.mpd`,
    // Video and audio segments finish uploading: 3 segments of each.
    ready: async () => ctx.relay.completedSegments >= 6,
    stop: () => stopProcess(proc),
  };
}
