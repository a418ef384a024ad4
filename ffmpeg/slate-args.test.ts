import { expect, test } from 'bun:test';
import { slateArgs } from './slate-args.ts';

test('the slate matches the stream picture (even sizes) and keyframes every second by default', () => {
  const args = slateArgs({ width: 641, height: 361, frameRate: 30 });
  expect(args).toContain('color=c=0x1b2330:s=642x362:r=30');
  expect(args[args.indexOf('-g') + 1]).toBe('30');
  expect(args.slice(-3)).toEqual(['-f', 'mpegts', 'pipe:3']);
});

test('the slate really encodes: ffmpeg writes MPEG-TS that ffprobe reads as H.264 and AAC', async () => {
  const args = slateArgs({ width: 320, height: 180 });
  // Run 1 s of it: replace the output with a bounded one.
  const proc = Bun.spawn(['ffmpeg', ...args.slice(0, -1), '-t', '1', 'pipe:1'], {
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const bytes = new Uint8Array(await new Response(proc.stdout).arrayBuffer());
  expect(await proc.exited).toBe(0);
  const probe = Bun.spawnSync(
    ['ffprobe', '-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', '-'],
    {
      stdin: bytes,
    },
  );
  // MPEG-TS lists each stream under its program too: compare the distinct codecs.
  const codecs = new Set(probe.stdout.toString().split('\n').filter(Boolean));
  expect([...codecs].sort()).toEqual(['aac', 'h264']);
});
