/**
 * The real pipeline for 30+ s: FFmpeg test pattern -> fMP4 per track -> parts and
 * segments -> LL-HLS over HTTP on loopback, checked the way a strict LL-HLS client
 * and the spec would check it.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import HLS from 'hls-parser';
import { demoSourceArgs, secondsSinceUtcMidnight } from '../../ffmpeg/demo-source-args.ts';
import { hlsDelivery } from '../../origin/delivery/hls-delivery.ts';
import { LivePackager } from '../../packager/live/live-packager.ts';
import { LiveStreams } from '../../packager/live/live-streams.ts';
import { waitFor } from '../harness/wait-for.ts';

HLS.setOptions({ strictMode: true });

const windowSegments = 10;
const live = new LiveStreams();
let packager: LivePackager;
let server: ReturnType<typeof Bun.serve>;
let base: string;
const scratch = mkdtempSync(join(tmpdir(), 'tw-llhls-'));
/** performance.now() at which each video part (msn.part) became available. */
const published = new Map<string, number>();

beforeAll(async () => {
  packager = new LivePackager({
    name: 'e2e',
    partTarget: 0.2,
    segmentTarget: 2,
    windowSegments,
    tracks: ['video', 'audio'],
    // An OBS-like encoder: x264 veryfast, 2 s keyframe interval, 2 B-frames.
    ffmpegArgs: () =>
      demoSourceArgs({
        clockOffsetSeconds: secondsSinceUtcMidnight(new Date()),
        bFrames: 2,
        zeroLatency: false,
        width: 640,
        height: 360,
        producerReferenceTime: true,
      }),
  });
  live.start('e2e', packager);
  const video = packager.tracks.video;
  if (!video) throw new Error('no video timeline');
  void (async () => {
    while (!video.ended) {
      await video.changed.next();
      const current = video.inProgress;
      if (current)
        for (let i = 0; i < current.parts.length; i++)
          if (!published.has(`${current.msn}.${i}`)) published.set(`${current.msn}.${i}`, performance.now());
    }
  })();
  server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: hlsDelivery({ live, corsOrigin: '*' }).fetch });
  base = `http://127.0.0.1:${server.port}/e2e`;
});

afterAll(async () => {
  await live.closeAll();
  server.stop(true);
  rmSync(scratch, { recursive: true, force: true });
});

const get = (path: string, init?: RequestInit) => fetch(`${base}/${path}`, init);
const mediaPlaylist = async (path: string) =>
  HLS.parse(await (await get(path)).text()) as HLS.types.MediaPlaylist;

function ffprobe(args: string[]): string {
  const result = Bun.spawnSync(['ffprobe', '-v', 'error', ...args]);
  if (result.exitCode !== 0) throw new Error(`ffprobe failed: ${result.stderr.toString()}`);
  return result.stdout.toString();
}

test('a blocking client follows the live edge for 30 s: continuous parts, answered within 50 ms', async () => {
  const start = await waitFor(
    async () => {
      const res = await get('video.m3u8');
      return res.status === 200 ? (HLS.parse(await res.text()) as HLS.types.MediaPlaylist) : undefined;
    },
    20_000,
    'the first video playlist',
  );
  const partTarget = start.partTargetDuration as number;
  expect(partTarget).toBeCloseTo(0.2, 3);

  // Follow the preload hint like an LL-HLS client: ask for the part after the last one we saw.
  let msn = (start.mediaSequenceBase ?? 0) + start.segments.length - 1;
  let part = 0;
  const lateness: number[] = [];
  const seen: string[] = [];
  const until = performance.now() + 30_000;
  while (performance.now() < until) {
    const wantMsn = msn;
    const wantPart = part + 1;
    const res = await get(`video.m3u8?_HLS_msn=${wantMsn}&_HLS_part=${wantPart}`);
    const arrived = performance.now();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=12');
    const text = await res.text();
    HLS.parse(text); // strict: throws on a spec violation
    // The last EXT-X-PART line names the newest part (hls-parser folds the preload hint into parts).
    const newest = [...text.matchAll(/#EXT-X-PART:[^\n]*URI="[^"]*\/(\d+)\.(\d+)\.m4s"/g)].at(-1);
    const lastMsn = Number(newest?.[1]);
    const lastPart = Number(newest?.[2]);
    // The request was for part `wantPart` of `wantMsn` (or part 0 of the next segment).
    const key = published.has(`${wantMsn}.${wantPart}`) ? `${wantMsn}.${wantPart}` : `${wantMsn + 1}.0`;
    const at = published.get(key);
    if (at !== undefined) lateness.push(arrived - at);
    seen.push(`${lastMsn}.${lastPart}`);
    msn = lastMsn;
    part = lastPart;
  }
  // Parts arrive one after another: the client never skips a part and never sees one twice.
  const distinct = new Set(seen);
  expect(distinct.size).toBe(seen.length);
  expect(seen.length).toBeGreaterThan(100); // ~5 parts per second for 30 s
  lateness.sort((a, b) => a - b);
  const p95 = lateness[Math.floor(lateness.length * 0.95)] as number;
  console.log(
    `blocking reload: ${lateness.length} responses, median ${lateness[Math.floor(lateness.length / 2)]?.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${lateness.at(-1)?.toFixed(1)} ms after the part was published`,
  );
  expect(p95).toBeLessThan(50);
}, 60_000);

test('playlists obey the part and segment rules, and renditions stay in step', async () => {
  const video = await mediaPlaylist('video.m3u8');
  const audio = await mediaPlaylist('audio.m3u8');
  for (const playlist of [video, audio]) {
    const partTarget = playlist.partTargetDuration as number;
    expect(playlist.lowLatencyCompatibility?.canBlockReload).toBe(true);
    expect(playlist.lowLatencyCompatibility?.partHoldBack).toBeGreaterThanOrEqual(3 * partTarget - 1e-9);
    expect(playlist.lowLatencyCompatibility?.holdBack).toBeGreaterThanOrEqual(3 * playlist.targetDuration);
    expect(playlist.lowLatencyCompatibility?.canSkipUntil).toBeGreaterThanOrEqual(
      6 * playlist.targetDuration,
    );
    expect(playlist.prefetchSegments.length + (playlist.renditionReports.length > 0 ? 1 : 0)).toBeGreaterThan(
      0,
    );
    for (const segment of playlist.segments.filter((s) => s.uri)) {
      expect(segment.programDateTime).toBeInstanceOf(Date);
      expect(Math.round(segment.duration)).toBeLessThanOrEqual(playlist.targetDuration);
      const parts = segment.parts ?? [];
      parts.forEach((p, i) => {
        expect(p.duration).toBeLessThanOrEqual(partTarget + 1e-9);
        // >= 85 % unless it is the last part of its segment.
        if (i < parts.length - 1 && segment.uri) expect(p.duration).toBeGreaterThanOrEqual(0.85 * partTarget);
      });
      if (parts.length && segment.uri) expect(parts[0]?.independent).toBe(true);
    }
  }
  expect(video.partTargetDuration).toBe(audio.partTargetDuration);
  expect(video.targetDuration).toBe(audio.targetDuration);
  // Same MSN, same moment: audio follows video's cuts within a few audio frames.
  for (const v of video.segments) {
    const a = audio.segments.find((s) => s.mediaSequenceNumber === v.mediaSequenceNumber && s.uri);
    if (a && v.uri)
      expect(
        Math.abs((a.programDateTime as Date).getTime() - (v.programDateTime as Date).getTime()),
      ).toBeLessThan(100);
  }
  const report = video.renditionReports[0];
  expect(report?.uri).toBe('audio.m3u8');
  expect(
    Math.abs((report?.lastMSN ?? -99) - ((video.mediaSequenceBase ?? 0) + video.segments.length - 1)),
  ).toBeLessThanOrEqual(1);
});

test('every segment decodes, starts with an IDR, and equals its concatenated parts', async () => {
  const playlist = await mediaPlaylist('video.m3u8');
  const init = new Uint8Array(await (await get(playlist.segments[0]?.map?.uri as string)).arrayBuffer());
  const complete = playlist.segments.filter((s) => s.uri);
  expect(complete.length).toBeGreaterThanOrEqual(windowSegments - 1);
  for (const segment of complete) {
    const bytes = new Uint8Array(await (await get(segment.uri)).arrayBuffer());
    const file = join(scratch, `seg-${segment.mediaSequenceNumber}.mp4`);
    writeFileSync(file, Buffer.concat([init, bytes]));
    const frames = ffprobe([
      '-select_streams',
      'v',
      '-show_entries',
      'frame=key_frame,pict_type',
      '-of',
      'csv=p=0',
      file,
    ])
      .trim()
      .split('\n');
    expect(frames[0]).toBe('1,I');
    expect(frames.length).toBe(Math.round(segment.duration * 30));
    if (segment.parts?.length) {
      const parts = await Promise.all(
        segment.parts.map(async (p) => new Uint8Array(await (await get(p.uri)).arrayBuffer())),
      );
      expect(Buffer.concat(parts).equals(Buffer.from(bytes))).toBe(true);
    }
  }
}, 60_000);

test('delta updates skip exactly the segments older than CAN-SKIP-UNTIL', async () => {
  const full = await mediaPlaylist('video.m3u8');
  const text = await (await get('video.m3u8?_HLS_skip=YES')).text();
  const delta = HLS.parse(text) as HLS.types.MediaPlaylist;
  const skipped = Number(/#EXT-X-SKIP:SKIPPED-SEGMENTS=(\d+)/.exec(text)?.[1]);
  // With 10 x 2 s segments and CAN-SKIP-UNTIL=12, the oldest ones (ending > 12 s before the last) go.
  const complete = full.segments.filter((s) => s.uri);
  const lastEnd = complete.reduce((t, s) => t + s.duration, 0);
  let end = 0;
  let expected = 0;
  for (const s of complete) {
    end += s.duration;
    if (lastEnd - end > (full.lowLatencyCompatibility?.canSkipUntil as number)) expected++;
  }
  expect(expected).toBeGreaterThan(0);
  expect(skipped).toBe(expected);
  expect(text).toContain('#EXT-X-VERSION:9');
  expect(delta.segments.filter((s) => s.uri).length).toBe(complete.length - skipped);
});

test('bad blocking requests get 400 at once', async () => {
  const playlist = await mediaPlaylist('video.m3u8');
  const lastMsn = (playlist.mediaSequenceBase ?? 0) + playlist.segments.length - 1;
  for (const query of [
    '_HLS_part=1',
    `_HLS_msn=${lastMsn + 3}`,
    '_HLS_msn=abc',
    `_HLS_msn=${lastMsn}&_HLS_part=99`,
  ]) {
    const started = performance.now();
    const res = await get(`video.m3u8?${query}`);
    expect(res.status).toBe(400);
    expect(performance.now() - started).toBeLessThan(100);
  }
});

test('delivery: content types, CORS, gzip, ETag, Range, unknown media 404', async () => {
  const zipped = await get('video.m3u8', {
    headers: { 'accept-encoding': 'gzip' },
    decompress: false,
  } as RequestInit);
  expect(zipped.headers.get('content-encoding')).toBe('gzip');
  expect(new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await zipped.arrayBuffer())))).toStartWith(
    '#EXTM3U',
  );
  const res = await get('video.m3u8', { headers: { origin: 'https://player.example' } });
  expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  expect(res.headers.get('cache-control')).toBe('public, max-age=1');
  const playlist = HLS.parse(await res.text()) as HLS.types.MediaPlaylist;
  const segment = playlist.segments.find((s) => s.uri) as HLS.types.Segment;
  const full = await get(segment.uri);
  expect(full.headers.get('content-type')).toBe('video/mp4');
  expect(full.headers.get('cache-control')).toContain('immutable');
  const etag = full.headers.get('etag') as string;
  const bytes = new Uint8Array(await full.arrayBuffer());
  expect((await get(segment.uri, { headers: { 'if-none-match': etag } })).status).toBe(304);
  const ranged = await get(segment.uri, { headers: { range: 'bytes=0-7' } });
  expect(ranged.status).toBe(206);
  expect(ranged.headers.get('content-range')).toBe(`bytes 0-7/${bytes.length}`);
  expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(bytes.subarray(0, 8));
  expect((await get(segment.uri, { headers: { range: `bytes=${bytes.length}-` } })).status).toBe(416);
  expect((await get(`video/${packager.runId}/999999.m4s`)).status).toBe(404);
  expect((await get('video/oldrun/1.m4s')).status).toBe(404);
  expect((await fetch(`http://127.0.0.1:${server.port}/nope/video.m3u8`)).status).toBe(404);
});

test('memory stays bounded by the window plus grace time', () => {
  const video = packager.tracks.video;
  const largest = Math.max(...(video?.segments.map((s) => s.bytes.length) ?? [0]));
  const graceSegments = 3; // 3 target durations of 2 s segments
  expect(video?.segments.length).toBe(windowSegments);
  expect(video?.heldBytes).toBeLessThanOrEqual((windowSegments + graceSegments + 1) * largest);
});

test('a stalled source makes a blocking request 503 after three target durations', async () => {
  const pid = packager.ffmpegPid as number;
  const playlist = await mediaPlaylist('video.m3u8');
  const lastMsn = (playlist.mediaSequenceBase ?? 0) + playlist.segments.length - 1;
  process.kill(pid, 'SIGSTOP');
  try {
    const started = performance.now();
    const res = await get(`video.m3u8?_HLS_msn=${lastMsn + 1}&_HLS_part=5`);
    const waited = performance.now() - started;
    expect(res.status).toBe(503);
    expect(res.headers.get('cache-control')).toBe('public, max-age=8');
    expect(waited).toBeGreaterThan(5_500);
    expect(waited).toBeLessThan(7_000);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}, 20_000);

test('when FFmpeg dies, the same playlist continues after a discontinuity', async () => {
  const before = await mediaPlaylist('video.m3u8');
  const lastBefore = (before.mediaSequenceBase ?? 0) + before.segments.filter((s) => s.uri).length - 1;
  process.kill(packager.ffmpegPid as number, 'SIGKILL');
  const text = await waitFor(
    async () => {
      const t = await (await get('video.m3u8')).text();
      return /#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME[^\n]*\n(#EXT-X-PART[^\n]*\n)*#EXTINF/.test(t)
        ? t
        : undefined;
    },
    20_000,
    'a complete segment after the restart',
  );
  const after = HLS.parse(text) as HLS.types.MediaPlaylist;
  const resumed = after.segments.find((s) => s.discontinuity) as HLS.types.Segment;
  // Numbering continues: the first new segment comes right after the ones cut before the crash.
  expect(resumed.mediaSequenceNumber).toBeGreaterThan(lastBefore);
  expect(resumed.mediaSequenceNumber).toBeLessThanOrEqual(lastBefore + 2);
  expect(resumed.parts?.[0]?.independent ?? true).toBe(true);
  // The init section is the same URL and the stream kept its run id: players need no restart.
  expect(resumed.map?.uri ?? after.segments[0]?.map?.uri).toBe(`video/${packager.runId}/init.mp4`);
}, 30_000);
