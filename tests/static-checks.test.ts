import { expect, test } from 'bun:test';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Types and lint are part of the suite: a red type check fails CI like a red test. */
const root = resolve(import.meta.dir, '..');

function run(argv: string[]) {
  const result = Bun.spawnSync(argv, { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.exitCode, output: `${result.stdout.toString()}${result.stderr.toString()}` };
}

test('TypeScript (strict) finds no errors', () => {
  const { code, output } = run(['bunx', 'tsc', '--noEmit', '-p', '.']);
  if (code !== 0) console.error(output);
  expect(code).toBe(0);
}, 120_000);

test('Biome finds no lint or format errors', () => {
  const { code, output } = run(['bunx', 'biome', 'check', '.']);
  if (code !== 0) console.error(output.split('\n').slice(-40).join('\n'));
  expect(code).toBe(0);
}, 120_000);

test('the image copies every folder the origin runs code from', () => {
  // A folder missing from the Dockerfile builds fine and crashes at start with a missing module.
  const dockerfile = readFileSync(resolve(root, 'docker/Dockerfile'), 'utf8');
  const copied = new Set([...dockerfile.matchAll(/^COPY (\S+) \1$/gm)].map((m) => m[1]));
  const runtime = ['defs', 'ffmpeg', 'state', 'ingest', 'packager', 'restream', 'origin', 'player'];
  const missing = runtime.filter((folder) => existsSync(resolve(root, folder)) && !copied.has(folder));
  expect(missing).toEqual([]);
});
