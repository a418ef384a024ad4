/**
 * Real FFmpeg: the demo source and the passthrough packager write one fMP4
 * per track on fds 3 and 4, and we read them live.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoSourceArgs, secondsSinceUtcMidnight } from './demo-source-args.ts';
import { fragmentedOutputStdio, fragmentedOutputs } from './fragmented-outputs.ts';
import { type ContainerFormat, packagingArgs } from './packaging-args.ts';
import { FfmpegSupervisor } from './supervisor.ts';

interface ArrivedBox {
  type: string;
  /** ms since spawn when the box was complete in our process */
  arrivedMs: number;
  /** tfdt in seconds, for moof */
  decodeTime?: number;
}

/** Walks top-level boxes as bytes arrive; `timescale` turns tfdt into seconds. */
async function collectBoxes(
  stream: ReadableStream<Uint8Array>,
  spawnedAt: number,
  timescale: number,
  onBox?: (box: ArrivedBox, index: number) => void,
): Promise<ArrivedBox[]> {
  const boxes: ArrivedBox[] = [];
  let pending = new Uint8Array(0);
  for await (const chunk of stream) {
    const arrivedMs = performance.now() - spawnedAt;
    const bytes = new Uint8Array(pending.length + chunk.length);
    bytes.set(pending);
    bytes.set(chunk, pending.length);
    const view = new DataView(bytes.buffer);
    let offset = 0;
    while (bytes.length - offset >= 8) {
      const size = view.getUint32(offset);
      if (size < 8 || bytes.length - offset < size) break;
      const type = new TextDecoder().decode(bytes.subarray(offset + 4, offset + 8));
      const box: ArrivedBox = { type, arrivedMs };
      if (type === 'moof') {
        const at = indexOfType(bytes.subarray(offset, offset + size), 'tfdt');
        if (at >= 0) {
          const tfdt = offset + at - 4; // box start
          const version = bytes[tfdt + 8];
          box.decodeTime =
            Number(version === 1 ? view.getBigUint64(tfdt + 12) : view.getUint32(tfdt + 12)) / timescale;
        }
      }
      boxes.push(box);
      onBox?.(box, boxes.length - 1);
      offset += size;
    }
    pending = bytes.slice(offset);
  }
  return boxes;
}

function indexOfType(bytes: Uint8Array, type: string): number {
  const [a, b, c, d] = [...type].map((ch) => ch.charCodeAt(0));
  for (let i = 0; i + 4 <= bytes.length; i++)
    if (bytes[i] === a && bytes[i + 1] === b && bytes[i + 2] === c && bytes[i + 3] === d) return i;
  return -1;
}

/** utime + stime of a process in clock ticks (100 Hz on Linux). */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

describe('demo source: 720p30 x264 + AAC straight into per-track fMP4', () => {
  test('both tracks deliver ftyp then a moof per frame, the first video moof within 1.5 s', async () => {
    let spawnedAt = 0;
    let pid = 0;
    let tracks: Promise<[ArrivedBox[], ArrivedBox[]]> | undefined;
    const cpu: { ticks: number; at: number }[] = [];
    await using supervisor = new FfmpegSupervisor({
      name: 'demo',
      args: () =>
        demoSourceArgs({ clockOffsetSeconds: secondsSinceUtcMidnight(new Date()), durationSeconds: 3 }),
      extraPipes: 2,
      restartOnCleanExit: false,
      restart: { maxAttempts: 1 },
      onSpawn: (proc) => {
        spawnedAt = performance.now();
        pid = proc.pid;
        const outputs = fragmentedOutputs(proc);
        // CPU from the 15th to the 75th video frame: 2 s of steady state
        let videoMoofCount = 0;
        const sampleCpu = (box: ArrivedBox) => {
          if (box.type !== 'moof') return;
          videoMoofCount += 1;
          if (videoMoofCount === 15 || videoMoofCount === 75)
            cpu.push({ ticks: cpuTicks(proc.pid), at: performance.now() });
        };
        tracks = Promise.all([
          collectBoxes(outputs.video.stream(), spawnedAt, 15360, sampleCpu),
          collectBoxes(outputs.audio.stream(), spawnedAt, 48000),
        ]);
      },
    });
    supervisor.start();
    expect(tracks).toBeDefined();
    const [video, audio] = await (tracks as Promise<[ArrivedBox[], ArrivedBox[]]>);
    // outputs end when FFmpeg closes them, a moment before the exit is reaped
    const until = performance.now() + 5000;
    while (supervisor.state !== 'stopped' && performance.now() < until) await Bun.sleep(5);
    expect(supervisor.lastExit?.code).toBe(0);

    for (const boxes of [video, audio]) {
      expect(boxes.slice(0, 2).map((b) => b.type)).toEqual(['ftyp', 'moov']);
      expect(boxes.filter((b) => b.type === 'moof').length).toBeGreaterThan(50);
      expect(boxes.filter((b) => b.type === 'prft').length).toBe(
        boxes.filter((b) => b.type === 'moof').length,
      );
    }
    const videoMoofs = video.filter((b) => b.type === 'moof');
    const audioMoofs = audio.filter((b) => b.type === 'moof');
    expect(videoMoofs[0]?.arrivedMs).toBeLessThan(1500);
    // frag_every_frame: one fragment per video frame (3 s at 30 fps, give or take the last)
    expect(videoMoofs.length).toBeGreaterThanOrEqual(88);

    // Arrival minus media time, relative to the best fragment: near-constant means every frame is flushed at once.
    const report = (moofs: ArrivedBox[]) => {
      const lag = moofs.map((m) => m.arrivedMs - (m.decodeTime ?? 0) * 1000);
      const base = Math.min(...lag);
      const extra = lag.map((l) => l - base).sort((a, b) => a - b);
      const ms = (value: number) => Math.round(value * 10) / 10;
      return {
        first: ms(moofs[0]?.arrivedMs ?? -1),
        base: ms(base),
        p50: ms(percentile(extra, 0.5)),
        p90: ms(percentile(extra, 0.9)),
        max: ms(extra.at(-1) ?? Number.NaN),
      };
    };
    const videoLag = report(videoMoofs);
    const audioLag = report(audioMoofs);
    // Batching (a 32 KiB AVIO buffer, a muxer waiting for a keyframe) would show as hundreds of ms here.
    expect(videoLag.p90).toBeLessThan(150);
    expect(audioLag.p90).toBeLessThan(150);
    const [from, to] = cpu;
    const cpuPercent =
      from && to ? ((to.ticks - from.ticks) / 100 / ((to.at - from.at) / 1000)) * 100 : Number.NaN;
    console.log(
      JSON.stringify({ pid, video: videoLag, audio: audioLag, cpuPercentOfOneCore: Math.round(cpuPercent) }),
    );
  });
});

describe('passthrough packaging of FLV and MPEG-TS on stdin', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'packaging-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const format of ['flv', 'mpegts'] as ContainerFormat[]) {
    test(`${format}: copies video and audio into two fMP4 streams`, async () => {
      const source = join(dir, `source.${format}`);
      const make = Bun.spawn(
        [
          'ffmpeg',
          '-hide_banner',
          '-loglevel',
          'error',
          '-f',
          'lavfi',
          '-i',
          'testsrc2=size=320x240:rate=25',
          '-f',
          'lavfi',
          '-i',
          'sine',
          '-t',
          '2',
          '-c:v',
          'libx264',
          '-preset',
          'ultrafast',
          '-g',
          '25',
          '-pix_fmt',
          'yuv420p',
          '-c:a',
          'aac',
          '-f',
          format,
          '-y',
          source,
        ],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
      expect(await make.exited).toBe(0);

      const stdio = fragmentedOutputStdio();
      await using proc = Bun.spawn(['ffmpeg', ...packagingArgs({ input: { kind: 'stdin', format } })], {
        stdio: [Bun.file(source), stdio[1], stdio[2], stdio[3], stdio[4]],
      });
      const outputs = fragmentedOutputs(proc);
      const [video, audio, stderr] = await Promise.all([
        collectBoxes(outputs.video.stream(), 0, 1),
        collectBoxes(outputs.audio.stream(), 0, 1),
        new Response(proc.stderr).text(),
      ]);
      expect({
        code: await proc.exited,
        stderr: stderr.replace(/^.*starts with a nonzero dts.*\n/gm, ''),
      }).toEqual({ code: 0, stderr: '' });
      for (const boxes of [video, audio]) {
        expect(boxes.slice(0, 2).map((b) => b.type)).toEqual(['ftyp', 'moov']);
        expect(boxes.filter((b) => b.type === 'moof').length).toBeGreaterThanOrEqual(45);
      }
    });
  }
});
