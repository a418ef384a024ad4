import { expect, test } from 'bun:test';
import type { FileSink } from 'bun';
import { BoundedStdin } from './bounded-stdin.ts';

test('passes bytes to a reading child and delivers EOF on end', async () => {
  await using proc = Bun.spawn(['wc', '-c'], { stdin: 'pipe', stdout: 'pipe' });
  const stdin = new BoundedStdin(proc.stdin as FileSink, 1 << 20);
  expect(stdin.write(new Uint8Array(1000))).toBe(true);
  expect(stdin.write(new Uint8Array(316))).toBe(true);
  stdin.end();
  expect(stdin.write(new Uint8Array(1))).toBe(false);
  expect((await new Response(proc.stdout).text()).trim()).toBe('1316');
});

test('refuses once a child that does not read has the bound waiting, instead of buffering without limit', async () => {
  // `sleep` never reads stdin: the pipe fills (64 KiB), then Bun starts holding bytes.
  await using proc = Bun.spawn(['sleep', '30'], { stdin: 'pipe' });
  const stdin = new BoundedStdin(proc.stdin as FileSink, 256 * 1024);
  const chunk = new Uint8Array(16 * 1024);
  let accepted = 0;
  while (stdin.write(chunk) && accepted < 10_000) accepted++;
  expect(accepted).toBeLessThan(10_000);
  expect(stdin.pendingBytes).toBeLessThanOrEqual(256 * 1024);
  expect(stdin.pendingBytes).toBeGreaterThan(0);
  proc.kill();
});
