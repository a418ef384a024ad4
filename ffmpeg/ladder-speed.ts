import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rendition } from './ladder.ts';
import { ladderArgs } from './ladder-args.ts';
import { ladderOutputStdio, ladderOutputs } from './ladder-outputs.ts';
import { testPatternClipArgs } from './test-pattern-clip-args.ts';

/**
 * How many times faster than real time this machine runs a ladder: a few seconds of a
 * test pattern at the source size, encoded exactly as live (same argv, same outputs),
 * timed. Above ~1.5 the ladder keeps up live with room for everything else.
 */
export async function measureLadderSpeed(options: {
  renditions: readonly Rendition[];
  source: { width: number; height: number; frameRate: number };
  seconds?: number;
  keyframeIntervalSeconds?: number;
}): Promise<number> {
  const seconds = options.seconds ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'tw-ladder-speed-'));
  try {
    const sample = join(dir, 'sample.ts');
    const { width, height, frameRate } = options.source;
    const make = Bun.spawnSync([
      'ffmpeg',
      ...testPatternClipArgs({ width, height, frameRate, seconds, format: 'mpegts', output: sample }),
    ]);
    if (make.exitCode !== 0)
      throw new Error(`cannot make the speed-test sample: ${make.stderr.toString().trim()}`);
    const count = options.renditions.length;
    const started = performance.now();
    const proc = Bun.spawn(
      [
        'ffmpeg',
        ...ladderArgs({
          input: { kind: 'url', url: sample, format: 'mpegts' },
          renditions: options.renditions,
          encoder: 'libx264',
          keyframeIntervalSeconds: options.keyframeIntervalSeconds ?? 2,
          frameRate,
          audio: 'copy',
        }),
      ],
      { stdio: ladderOutputStdio(count, true) as never },
    );
    const outputs = ladderOutputs(proc, count, true);
    await Promise.all(
      [...outputs.video, ...(outputs.audio ? [outputs.audio] : [])].map((output) => output.read(() => {})),
    );
    if ((await proc.exited) !== 0) throw new Error('the speed-test ladder failed');
    return seconds / ((performance.now() - started) / 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
