/**
 * Real FFmpeg: the reader and part cutter against what the mp4 muxer actually
 * writes with the flags the packager uses, one output per track.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Fmp4StreamItem, Fmp4StreamReader } from './fmp4-stream-reader.ts';
import type { FragmentInfo } from './fragment.ts';
import type { TrackInfo } from './init-segment.ts';
import {
  type CompletedPart,
  type CompletedSegment,
  PartCutter,
  type PartCutterEvent,
  partTargetFor,
} from './part-cutter.ts';

// frag_every_frame: one fragment (= one chunk) per frame, the unit parts are built from.
// empty_moov + default_base_moof + cmaf: init segment first, CMAF-style moofs (signed CTS, tfdt).
// skip_trailer: no mfra at the end (a live pipe never ends cleanly).
const MOVFLAGS = '+frag_keyframe+empty_moov+default_base_moof+cmaf+skip_trailer+frag_every_frame';
const CMAF_OUTPUT = ['-f', 'mp4', '-movflags', MOVFLAGS, '-write_prft', 'wallclock'];

let dir = '';
const read = async (name: string): Promise<Uint8Array> =>
  new Uint8Array(await Bun.file(join(dir, name)).arrayBuffer());

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tidewater-fmp4-'));
  const argv = [
    'ffmpeg',
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x180:rate=30000/1001:duration=6',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000:duration=6',
    // fixed 60-frame GOPs: -g/-keyint_min 60 and no scene-cut keyframes
    '-map',
    '0:v',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-bf',
    '2',
    '-g',
    '60',
    '-keyint_min',
    '60',
    '-sc_threshold',
    '0',
    ...CMAF_OUTPUT,
    join(dir, 'video.mp4'),
    '-map',
    '1:a',
    '-c:a',
    'aac',
    '-b:a',
    '96k',
    ...CMAF_OUTPUT,
    join(dir, 'audio.mp4'),
  ];
  const proc = Bun.spawn(argv, { stdout: 'ignore', stderr: 'pipe' });
  const exitCode = await proc.exited;
  if (exitCode !== 0)
    throw new Error(`ffmpeg failed (${exitCode}): ${await new Response(proc.stderr).text()}`);
});

afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

/** Feeds the file in random-sized pieces, as a pipe would deliver it. */
function readStream(
  bytes: Uint8Array,
  seed: number,
): { tracks: TrackInfo[]; chunks: { bytes: Uint8Array; fragment: FragmentInfo }[] } {
  const reader = new Fmp4StreamReader();
  const items: Fmp4StreamItem[] = [];
  let state = seed;
  for (let off = 0; off < bytes.length; ) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const size = 1 + (state % 9000);
    items.push(...reader.push(bytes.subarray(off, off + size)));
    off += size;
  }
  expect(reader.bufferedBytes).toBe(0);
  const [init, ...rest] = items;
  expect(init?.kind).toBe('init');
  const chunks = rest.flatMap((i) => (i.kind === 'chunk' ? [{ bytes: i.bytes, fragment: i.fragment }] : []));
  expect(chunks.length).toBe(rest.length);
  return { tracks: init?.kind === 'init' ? init.tracks : [], chunks };
}

const parts = (ev: PartCutterEvent[]) => ev.filter((e): e is CompletedPart => e.kind === 'partComplete');
const segments = (ev: PartCutterEvent[]) =>
  ev.filter((e): e is CompletedSegment => e.kind === 'segmentComplete');

describe('FFmpeg fragmented MP4, one output per track', () => {
  test('video: one init, one chunk per frame, keyframes every 60 frames, B-frame offsets', async () => {
    const { tracks, chunks } = readStream(await read('video.mp4'), 7);
    expect(tracks).toHaveLength(1);
    expect(tracks[0]).toMatchObject({ handler: 'vide', timescale: 30000, width: 320, height: 180 });
    expect(tracks[0]?.codec).toMatch(/^avc1\.64[0-9a-f]{4}$/);
    expect(chunks).toHaveLength(180);
    expect(chunks.every((c) => c.fragment.samples.length === 1 && c.fragment.duration === 1001)).toBe(true);
    expect(chunks.flatMap((c, i) => (c.fragment.independent ? [i] : []))).toEqual([0, 60, 120]);
    const offsets = chunks.map((c) => c.fragment.samples[0]?.compositionOffset ?? 0);
    expect(offsets.some((o) => o < 0)).toBe(true);
    // decode order + offsets must give each frame a distinct presentation time on the 1001 grid
    const pts = chunks.map((c, i) => c.fragment.baseMediaDecodeTime + (offsets[i] ?? 0));
    expect(new Set(pts).size).toBe(180);
    expect(pts.every((p) => p % 1001 === 0)).toBe(true);
    expect(chunks[0]?.fragment.producerReferenceTime?.unixMs).toBeGreaterThan(Date.now() - 600_000);
  });

  test('audio: mp4a.40.2, every chunk independent', async () => {
    const { tracks, chunks } = readStream(await read('audio.mp4'), 11);
    expect(tracks[0]).toMatchObject({
      handler: 'soun',
      codec: 'mp4a.40.2',
      timescale: 48000,
      sampleRate: 48000,
      channelCount: 1,
    });
    expect(chunks.length).toBeGreaterThan(280);
    expect(chunks.every((c) => c.fragment.independent)).toBe(true);
  });

  test("parts fit PART-TARGET (>= 85% except a segment's last), segments start independent, bytes add up", async () => {
    const video = readStream(await read('video.mp4'), 3).chunks;
    const audio = readStream(await read('audio.mp4'), 5).chunks;
    const partTarget = partTargetFor(0.2, [1001 / 30000, 1024 / 48000]);
    expect(partTarget).toBeCloseTo(0.2002, 9);

    const videoCutter = new PartCutter({
      timescale: 30000,
      partTarget,
      segmentTarget: 2,
      segmentBoundaries: 'keyframes',
    });
    const audioCutter = new PartCutter({
      timescale: 48000,
      partTarget,
      segmentTarget: 2,
      segmentBoundaries: 'external',
    });
    const videoEvents = [
      ...video.flatMap((c) => videoCutter.push({ bytes: c.bytes, ...c.fragment })),
      ...videoCutter.flush(),
    ];
    // the video decides: each new video segment start becomes an audio cut
    for (const s of segments(videoEvents).slice(1)) audioCutter.cutAt(s.startTime);
    const audioEvents = [
      ...audio.flatMap((c) => audioCutter.push({ bytes: c.bytes, ...c.fragment })),
      ...audioCutter.flush(),
    ];

    expect(segments(videoEvents).map((s) => s.durationTicks)).toEqual([60060, 60060, 60060]);
    expect(segments(audioEvents)).toHaveLength(3);
    for (const events of [videoEvents, audioEvents]) {
      for (const segment of segments(events)) {
        const own = parts(events).filter((p) => p.segmentIndex === segment.index);
        expect(own[0]?.independent).toBe(true);
        const joined = Buffer.concat(own.map((p) => p.bytes));
        expect(joined.equals(Buffer.from(segment.bytes))).toBe(true);
        for (const part of own) {
          expect(part.duration).toBeLessThanOrEqual(partTarget + 1e-9);
          if (part !== own.at(-1)) expect(part.duration).toBeGreaterThanOrEqual(0.85 * partTarget);
        }
      }
    }
  });

  test("the muxer writes frame k's fragment only once packet k+1 arrives", async () => {
    const source = new Fmp4StreamReader().push(await read('video.mp4'));
    const frames = source.slice(1, 31);
    // -probesize 32 / -analyzeduration 0: otherwise input probing holds ~25 frames before any output
    const argv = [
      'ffmpeg',
      '-hide_banner',
      '-loglevel',
      'error',
      '-probesize',
      '32',
      '-analyzeduration',
      '0',
      '-f',
      'mp4',
      '-i',
      'pipe:0',
      '-c',
      'copy',
      '-f',
      'mp4',
      '-movflags',
      MOVFLAGS,
      'pipe:1',
    ];
    const proc = Bun.spawn(argv, { stdin: 'pipe', stdout: 'pipe', stderr: 'ignore' });
    try {
      const reader = new Fmp4StreamReader();
      let written = 0;
      const pump = (async () => {
        for await (const bytes of proc.stdout)
          written += reader.push(bytes).filter((i) => i.kind === 'chunk').length;
      })();
      const until = async (count: number): Promise<void> => {
        const deadline = Date.now() + 10_000;
        while (written < count) {
          if (Date.now() > deadline) throw new Error(`waited 10 s for ${count} chunks, have ${written}`);
          await Bun.sleep(1);
        }
      };
      proc.stdin.write((source[0] as Fmp4StreamItem).bytes);
      const seenBeforeNext: number[] = [];
      for (const [k, frame] of frames.entries()) {
        proc.stdin.write(frame.bytes);
        proc.stdin.flush();
        await until(k); // frame k-1 is out once frame k is in
        seenBeforeNext.push(written);
      }
      // never frame k's own fragment before frame k+1 was written
      expect(seenBeforeNext).toEqual(frames.map((_, k) => k));
      proc.stdin.end();
      await pump;
      expect(written).toBe(frames.length); // the last one comes out at end of input
    } finally {
      proc.kill();
      await proc.exited;
    }
  });
});
