import { describe, expect, test } from 'bun:test';
import { ascii, box, concat, largeBox, u32, zeros } from './box-builder.test-support.ts';
import { findBox, findBoxes, iterateBoxes } from './box-iterator.ts';
import { fourcc, readInt32, readUint32, readUint64 } from './bytes.ts';
import { Fmp4Error } from './fmp4-error.ts';

describe('bytes', () => {
  test('reads big-endian fields and refuses to run past the end', () => {
    const buf = Uint8Array.of(0xff, 0xff, 0xff, 0xfe, 0x61, 0x62, 0x63, 0x64);
    expect(readUint32(buf, 0)).toBe(0xfffffffe);
    expect(readInt32(buf, 0)).toBe(-2);
    expect(fourcc(buf, 4)).toBe('abcd');
    expect(() => readUint32(buf, 6)).toThrow(Fmp4Error);
  });

  test('readUint64 returns a number and rejects values above 2^53', () => {
    const safe = new Uint8Array(8);
    new DataView(safe.buffer).setBigUint64(0, 2n ** 53n - 1n);
    expect(readUint64(safe, 0)).toBe(Number.MAX_SAFE_INTEGER);
    const unsafe = new Uint8Array(8);
    new DataView(unsafe.buffer).setBigUint64(0, 2n ** 53n);
    expect(() => readUint64(unsafe, 0)).toThrow(/MAX_SAFE_INTEGER/);
  });
});

describe('iterateBoxes / findBox', () => {
  const tree = concat(
    box('ftyp', ascii('iso6')),
    box('moov', box('trak', box('tkhd', u32(1))), box('trak', box('tkhd', u32(2)))),
  );

  test('finds nested boxes by path and returns views into the input', () => {
    const tkhds = findBoxes(tree, ['moov', 'trak', 'tkhd']);
    expect(tkhds.map((b) => readUint32(b.payload, 0))).toEqual([1, 2]);
    const first = findBox(tree, ['moov', 'trak']);
    expect(first?.bytes.buffer).toBe(tree.buffer);
    expect(findBox(tree, ['moov', 'mvex'])).toBeUndefined();
  });

  test('size == 1 reads the 64-bit largesize', () => {
    const data = concat(largeBox('mdat', Uint8Array.of(1, 2, 3)), box('free'));
    const boxes = [...iterateBoxes(data)];
    expect(boxes.map((b) => [b.type, b.bytes.length, b.payload.length])).toEqual([
      ['mdat', 19, 3],
      ['free', 8, 0],
    ]);
    expect([...(boxes[0]?.payload ?? [])]).toEqual([1, 2, 3]);
  });

  test('size == 0 runs to the end of the buffer', () => {
    const data = concat(box('ftyp'), u32(0), ascii('mdat'), Uint8Array.of(9, 9, 9, 9));
    const last = [...iterateBoxes(data)][1];
    expect(last?.type).toBe('mdat');
    expect(last?.payload.length).toBe(4);
  });

  const malformed: [string, Uint8Array, RegExp][] = [
    [
      'size below the header',
      concat(u32(4), ascii('free')),
      /'free' declares size 4, smaller than its 8-byte header.*byte 0/,
    ],
    [
      'largesize below 16',
      concat(u32(1), ascii('mdat'), zeros(4), u32(12)),
      /'mdat' declares size 12, smaller than its 16-byte header/,
    ],
    [
      'size beyond the buffer',
      concat(box('ftyp'), u32(100), ascii('moov')),
      /'moov' declares size 100 but only 8 bytes remain \(at byte 8\)/,
    ],
    [
      'unprintable type',
      concat(u32(8), Uint8Array.of(0, 1, 2, 3)),
      /type bytes \[00 01 02 03\] are not printable/,
    ],
    ['trailing bytes', concat(box('ftyp'), Uint8Array.of(0, 0, 0)), /3 trailing bytes/],
  ];
  for (const [name, data, message] of malformed) {
    test(`throws Fmp4Error for ${name}`, () => {
      expect(() => [...iterateBoxes(data)]).toThrow(Fmp4Error);
      expect(() => [...iterateBoxes(data)]).toThrow(message);
    });
  }
});
