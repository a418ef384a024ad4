/**
 * Passthrough: a source FFmpeg can read (here an FLV file, as RTMP ingest delivers FLV)
 * is packaged with codecs copied; segments start at the source's keyframes; a
 * finite source ends the playlists with EXT-X-ENDLIST.
 */
import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import HLS from 'hls-parser';
import { packagingArgs } from '../../ffmpeg/packaging-args.ts';
import { hlsDelivery } from '../../origin/delivery/hls-delivery.ts';
import { LivePackager, type PackagerEvent } from '../../packager/live/live-packager.ts';
import { LiveStreams } from '../../packager/live/live-streams.ts';
import { waitFor } from '../harness/wait-for.ts';

HLS.setOptions({ strictMode: true });
const scratch = mkdtempSync(join(tmpdir(), 'tw-passthrough-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('an FLV source is copied, cut at its keyframes, and ends with ENDLIST', async () => {
  const source = join(scratch, 'source.flv');
  // 6 s, keyframe every 2 s, 2 B-frames: like OBS. 25 fps so 2 s = 50 frames.
  const make = Bun.spawnSync([
    'ffmpeg',
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x180:rate=25:duration=6',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:duration=6',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-profile:v',
    'main',
    '-g',
    '50',
    '-keyint_min',
    '50',
    '-sc_threshold',
    '0',
    '-bf',
    '2',
    '-c:a',
    'aac',
    '-b:a',
    '96k',
    '-f',
    'flv',
    source,
  ]);
  expect(make.exitCode).toBe(0);

  const events: PackagerEvent['kind'][] = [];
  const live = new LiveStreams();
  const packager = new LivePackager({
    name: 'file',
    partTarget: 0.2,
    segmentTarget: 2,
    windowSegments: 6,
    tracks: ['video', 'audio'],
    ffmpegArgs: () => packagingArgs({ input: { kind: 'url', url: source, format: 'flv' } }),
    restartOnExit: false,
    onEvent: (event) => events.push(event.kind),
  });
  live.start('file', packager);
  using server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: hlsDelivery({ live, corsOrigin: '*' }).fetch,
  });
  try {
    await waitFor(
      () => packager.tracks.video?.ended && packager.tracks.audio?.ended,
      20_000,
      'the source to end',
    );
    const text = await (await fetch(`http://127.0.0.1:${server.port}/file/video.m3u8`)).text();
    const playlist = HLS.parse(text) as HLS.types.MediaPlaylist;
    expect(playlist.endlist).toBe(true);
    expect(text).not.toContain('PRELOAD-HINT');
    const segments = playlist.segments;
    expect(segments.map((s) => Math.round(s.duration * 25))).toEqual([50, 50, 50]);
    // Parts are listed for the newest segments only; each of those starts on a keyframe.
    const withParts = segments.filter((s) => s.parts?.length);
    expect(withParts.length).toBeGreaterThan(0);
    for (const s of withParts) expect(s.parts?.[0]?.independent).toBe(true);
    // Codecs copied: Main profile (avc1.4d...) survives, nothing was re-encoded.
    const multivariant = await (await fetch(`http://127.0.0.1:${server.port}/file/index.m3u8`)).text();
    expect(multivariant).toMatch(/CODECS="avc1\.4d[0-9a-f]{4},mp4a\.40\.2"/);
    expect(multivariant).toContain('FRAME-RATE=25.000');
    expect(events).toEqual(['live', 'offline']);
    // A finished stream answers blocking requests at once (directives are ignored with ENDLIST).
    const started = performance.now();
    expect(
      (await fetch(`http://127.0.0.1:${server.port}/file/video.m3u8?_HLS_msn=99&_HLS_part=0`)).status,
    ).toBe(200);
    expect(performance.now() - started).toBeLessThan(100);
  } finally {
    await live.closeAll();
  }
}, 40_000);
