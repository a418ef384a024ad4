/**
 * The delivery paths under test. Each starts its own encoder (demoSourceArgs with
 * the timecode cells, video teed to the floor relay) and hands back the URL a
 * player should load, whether hls.js runs in low-latency mode, and a stop().
 *
 *   origin:     encoder ─ fd 3/4 ─ LivePackager ─ hlsDelivery (Bun.serve), bare hls.js
 *   origin-player: the same, played by the viewer page's engine (player/hls)
 *   ffmpeg-hls: encoder ─ hls muxer (fMP4 segments) ─ temp dir ─ bench server
 *   nginx-rtmp: encoder ─ FLV/RTMP ─ nginx-rtmp (hls on) ─ nginx http
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DemoSourceOptions,
  demoSourceArgs,
  secondsSinceUtcMidnight,
} from '../ffmpeg/demo-source-args.ts';
import { hlsDelivery } from '../origin/delivery/hls-delivery.ts';
import { LivePackager } from '../packager/live/live-packager.ts';
import { LiveStreams } from '../packager/live/live-streams.ts';
import { teeMuxedWithFloor, teeVideoToFloor } from './g2g-encoder-tee.ts';

export type CaseName = 'origin' | 'origin-player' | 'ffmpeg-hls' | 'nginx-rtmp';

export interface Profile {
  name: string;
  encoder: Pick<DemoSourceOptions, 'bFrames' | 'zeroLatency'>;
}

export interface RunningCase {
  playlistUrl: string;
  lowLatency: boolean;
  /** Played by the viewer page's engine (player/hls) instead of a bare hls.js. */
  engine?: 'tidewater';
  stop(): Promise<void>;
}

export interface CaseContext {
  profile: Profile;
  floorUrl: string;
  /** Where the bench's own server serves `hlsDir` from (ffmpeg-hls). */
  benchBase: string;
  hlsDir: string;
}

const encoderArgs = (profile: Profile) =>
  demoSourceArgs({
    clockOffsetSeconds: secondsSinceUtcMidnight(new Date()),
    width: 640,
    height: 360,
    videoBitrateKbps: 1500,
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

export async function startCase(name: CaseName, ctx: CaseContext): Promise<RunningCase> {
  if (name === 'origin' || name === 'origin-player') {
    const live = new LiveStreams();
    const packager = new LivePackager({
      name: 'g2g',
      partTarget: 0.2,
      segmentTarget: 2,
      windowSegments: 6,
      tracks: ['video', 'audio'],
      ffmpegArgs: () => teeVideoToFloor(encoderArgs(ctx.profile), ctx.floorUrl),
    });
    live.start('g2g', packager);
    const server = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch: hlsDelivery({ live, corsOrigin: '*' }).fetch,
    });
    return {
      playlistUrl: `http://127.0.0.1:${server.port}/g2g/index.m3u8`,
      lowLatency: true,
      ...(name === 'origin-player' ? { engine: 'tidewater' as const } : {}),
      stop: async () => {
        await live.closeAll();
        server.stop(true);
      },
    };
  }
  if (name === 'ffmpeg-hls') {
    const dir = ctx.hlsDir;
    const hls = [
      'f=hls',
      'hls_time=2',
      'hls_list_size=6',
      'hls_flags=delete_segments+independent_segments',
      'hls_segment_type=fmp4',
      'hls_fmp4_init_filename=init.mp4',
      `hls_segment_filename=${dir}/seg%d.m4s`,
    ].join(':');
    const proc = Bun.spawn(
      ['ffmpeg', ...teeMuxedWithFloor(encoderArgs(ctx.profile), `[${hls}]${dir}/index.m3u8`, ctx.floorUrl)],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    return {
      playlistUrl: `${ctx.benchBase}/ffhls/index.m3u8`,
      lowLatency: false,
      stop: () => stopProcess(proc),
    };
  }
  return startNginxRtmp(ctx);
}

async function startNginxRtmp(ctx: CaseContext): Promise<RunningCase> {
  const dir = mkdtempSync(join(tmpdir(), 'g2g-nginx-'));
  mkdirSync(join(dir, 'hls'));
  const rtmpPort = 19350 + Math.floor(Math.random() * 500);
  const httpPort = rtmpPort + 1000;
  writeFileSync(
    join(dir, 'nginx.conf'),
    `load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
rtmp { server { listen 127.0.0.1:${rtmpPort}; application live {
  live on; hls on; hls_path ${dir}/hls; hls_fragment 2s; hls_playlist_length 12s;
} } }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
  server { listen 127.0.0.1:${httpPort}; root ${dir};
    location / { add_header Access-Control-Allow-Origin * always; add_header Cache-Control no-cache; } }
}
`,
  );
  const nginx = Bun.spawn(
    ['/usr/sbin/nginx', '-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  // nginx binds before it is useful; wait until the http port answers.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (
      await fetch(`http://127.0.0.1:${httpPort}/`).then(
        () => true,
        () => false,
      )
    )
      break;
    await Bun.sleep(100);
  }
  const proc = Bun.spawn(
    [
      'ffmpeg',
      ...teeMuxedWithFloor(
        encoderArgs(ctx.profile),
        `[f=flv]rtmp://127.0.0.1:${rtmpPort}/live/g2g`,
        ctx.floorUrl,
      ),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return {
    playlistUrl: `http://127.0.0.1:${httpPort}/hls/g2g.m3u8`,
    lowLatency: false,
    stop: async () => {
      await stopProcess(proc);
      await stopProcess(nginx);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
