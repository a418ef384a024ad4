import { describe, expect, test } from 'bun:test';
import { SegmentArena } from './segment-arena.ts';

const bytes = (length: number, fill: number) => new Uint8Array(length).fill(fill);

describe('SegmentArena', () => {
  test('views taken before the arena grew still show their bytes; the segment holds them all in order', () => {
    const arena = new SegmentArena(0);
    const spans: [number, number][] = [];
    for (let i = 0; i < 40; i++) {
      const start = arena.append(bytes(1000 + i, i));
      spans.push([start, start + 1000 + i]);
    }
    const early = arena.view(...(spans[0] as [number, number]));
    for (let i = 40; i < 80; i++) arena.append(bytes(1000, i));
    expect(early.every((b) => b === 0)).toBe(true);
    const whole = arena.finish();
    expect(whole.length).toBe(arena.byteLength);
    for (const [i, [start, end]] of spans.entries())
      expect(whole.subarray(start, end).every((b) => b === i)).toBe(true);
  });

  test('a segment that used under three quarters of its buffer is copied down to size', () => {
    const arena = new SegmentArena(100_000);
    arena.append(bytes(10_000, 7));
    const whole = arena.finish();
    expect(whole.length).toBe(10_000);
    expect(whole.buffer.byteLength).toBe(10_000);
  });

  test('a segment that filled its buffer is not copied', () => {
    const arena = new SegmentArena(20_000);
    arena.append(bytes(19_000, 1));
    expect(arena.finish().buffer.byteLength).toBe(20_000);
  });
});
