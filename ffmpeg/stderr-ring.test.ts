import { describe, expect, test } from 'bun:test';
import { StderrRing } from './stderr-ring.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('StderrRing', () => {
  test('keeps only the newest lines', () => {
    const ring = new StderrRing(3);
    ring.write(bytes('a\nb\nc\nd\ne\n'));
    expect(ring.lines()).toEqual(['c', 'd', 'e']);
  });

  test('joins lines split across chunks and \\r progress updates, including a split UTF-8 character', () => {
    const ring = new StderrRing(10);
    const euro = bytes('€');
    ring.write(bytes('hel'));
    ring.write(bytes('lo\rfra'));
    ring.write(euro.subarray(0, 1));
    ring.write(euro.subarray(1));
    ring.write(bytes('me\r\nlast'));
    ring.end();
    expect(ring.lines()).toEqual(['hello', 'fra€me', 'last']);
  });

  test('a line that never ends is cut, so memory stays bounded', () => {
    const ring = new StderrRing(2);
    for (let i = 0; i < 100; i++) ring.write(bytes('x'.repeat(1000)));
    ring.end();
    expect(ring.lines()[0]?.length).toBe(2000);
  });

  test('capacity must be positive', () => {
    expect(() => new StderrRing(0)).toThrow(RangeError);
  });
});
