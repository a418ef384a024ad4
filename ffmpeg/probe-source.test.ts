import { expect, test } from 'bun:test';
import { probeSource } from './probe-source.ts';
import { testPatternClipArgs } from './test-pattern-clip-args.ts';

test('reads size and frame rate from the first second of an MPEG-TS feed; garbage is a clear error', async () => {
  const make = Bun.spawnSync([
    'ffmpeg',
    ...testPatternClipArgs({
      width: 426,
      height: 240,
      frameRate: '30000/1001',
      seconds: 1,
      format: 'mpegts',
      output: '-',
    }),
  ]);
  expect(make.exitCode).toBe(0);
  const probed = await probeSource(new Uint8Array(make.stdout), 'mpegts');
  expect(probed).toMatchObject({ width: 426, height: 240, hasAudio: true });
  expect(probed.frameRate).toBeCloseTo(29.97, 2);
  await expect(probeSource(crypto.getRandomValues(new Uint8Array(4096)), 'mpegts')).rejects.toThrow(
    /no video stream/,
  );
});
