import { describe, expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { childOutput } from './child-output.ts';

const openFds = () => readdirSync('/proc/self/fd').length;

/** A shell child writing `script`'s output to fd 3, which we read. */
function child(script: string) {
  const proc = Bun.spawn(['sh', '-c', script], { stdio: ['ignore', 'ignore', 'inherit', 'pipe'] });
  return { proc, output: childOutput(proc.stdio[3] as number) };
}

describe('childOutput', () => {
  test('every chunk in order, then end of file; the fd is closed afterwards', async () => {
    const before = openFds();
    const { proc, output } = child('for i in $(seq 1 200); do printf "%05d" $i >&3; done');
    const chunks: Uint8Array[] = [];
    await output.read((bytes) => chunks.push(bytes));
    const text = new TextDecoder().decode(Buffer.concat(chunks));
    expect(text).toBe(Array.from({ length: 200 }, (_, i) => String(i + 1).padStart(5, '0')).join(''));
    expect(await proc.exited).toBe(0);
    expect(openFds()).toBeLessThanOrEqual(before);
  });

  test('a callback that throws rejects the read and closes the output: the writer gets EPIPE', async () => {
    const { proc, output } = child("trap '' PIPE; while printf x >&3; do :; done; exit 7");
    const refused = new Error('bad bytes');
    await expect(
      output.read(() => {
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(await proc.exited).toBe(7);
  });

  test('an output is read once', async () => {
    const { proc, output } = child('printf hi >&3');
    const first = output.read(() => {});
    await expect(output.read(() => {})).rejects.toThrow(/already being read/);
    await first;
    await proc.exited;
  });

  test('stream() gives the same bytes', async () => {
    const { proc, output } = child('printf "one two three" >&3');
    expect(await new Response(output.stream()).text()).toBe('one two three');
    await proc.exited;
  });
});
