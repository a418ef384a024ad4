/**
 * The source copy: the packaging FFmpeg also hands on what it read, codecs copied, as
 * MPEG-TS (what restream destinations are fed from), while packaging goes on as usual.
 */
import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagingArgs } from '../../ffmpeg/packaging-args.ts';
import { testPatternClipArgs } from '../../ffmpeg/test-pattern-clip-args.ts';
import { LivePackager } from '../../packager/live/live-packager.ts';
import { waitFor } from '../harness/wait-for.ts';

const scratch = mkdtempSync(join(tmpdir(), 'tw-source-copy-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('an FLV source is packaged and handed on as MPEG-TS with the same codecs', async () => {
  const source = join(scratch, 'source.flv');
  const make = Bun.spawnSync([
    'ffmpeg',
    ...testPatternClipArgs({
      width: 320,
      height: 180,
      frameRate: 25,
      seconds: 4,
      format: 'flv',
      output: source,
    }),
  ]);
  expect(make.exitCode).toBe(0);
  const copy: Uint8Array[] = [];
  const packager = new LivePackager({
    name: 'copied',
    partTarget: 0.2,
    segmentTarget: 2,
    windowSegments: 6,
    tracks: ['video', 'audio'],
    ffmpegArgs: ({ sourceCopyFd }) =>
      packagingArgs({ input: { kind: 'url', url: source, format: 'flv' }, sourceCopyFd }),
    restartOnExit: false,
    onSourceCopy: (bytes) => copy.push(bytes),
  });
  packager.start();
  try {
    await waitFor(() => packager.tracks.video?.ended, 20_000, 'the source to end');
    expect(packager.tracks.video?.segments.length).toBe(2);
    const ts = new Uint8Array(copy.reduce((n, c) => n + c.length, 0));
    let offset = 0;
    for (const chunk of copy) {
      ts.set(chunk, offset);
      offset += chunk.length;
    }
    expect(ts[0]).toBe(0x47);
    const probe = Bun.spawnSync(
      ['ffprobe', '-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', '-'],
      { stdin: ts },
    );
    // MPEG-TS lists each stream under its program too: compare the distinct codecs.
    expect(new Set(probe.stdout.toString().split('\n').filter(Boolean))).toEqual(new Set(['h264', 'aac']));
    // All of it: the copy is about as large as the source (TS adds ~10% of headers).
    expect(ts.length).toBeGreaterThan(Bun.file(source).size * 0.9);
  } finally {
    await packager.close();
  }
}, 40_000);
