import { describe, expect, test } from 'bun:test';
import {
  AUDIO,
  ascii,
  box,
  concat,
  ftyp,
  fullBox,
  largeBox,
  mdat,
  moof,
  moov,
  NON_SYNC,
  prft,
  SYNC,
  u32,
  VIDEO,
} from './box-builder.test-support.ts';
import { Fmp4Error } from './fmp4-error.ts';
import { type Fmp4StreamItem, Fmp4StreamReader } from './fmp4-stream-reader.ts';

const init = concat(ftyp(), box('free', ascii('x')), moov(VIDEO));
const chunks = [
  concat(
    prft(1, 3913056000, 0, 0),
    moof({
      sequenceNumber: 1,
      trackId: 1,
      baseMediaDecodeTime: 0,
      firstSampleFlags: SYNC,
      samples: [{ size: 30 }],
    }),
    mdat(30),
  ),
  concat(
    moof({
      sequenceNumber: 2,
      trackId: 1,
      baseMediaDecodeTime: 1001,
      samples: [{ size: 7, flags: NON_SYNC }],
    }),
    mdat(7),
  ),
  // styp and emsg lead a chunk and stay in its bytes
  concat(
    box('styp', ascii('cmfc')),
    fullBox('emsg', 0, 0, ascii('urn:x\0')),
    moof({ sequenceNumber: 3, trackId: 1, baseMediaDecodeTime: 2002, samples: [{ size: 3 }] }),
    mdat(3),
  ),
  // a 64-bit mdat
  concat(
    moof({ sequenceNumber: 4, trackId: 1, baseMediaDecodeTime: 3003, samples: [{ size: 5 }] }),
    largeBox('mdat', new Uint8Array(5)),
  ),
];
const skipped = box('free', ascii('padding'));
const stream = concat(
  init,
  chunks[0] as Uint8Array,
  chunks[1] as Uint8Array,
  skipped,
  chunks[2] as Uint8Array,
  chunks[3] as Uint8Array,
);

function summary(items: Fmp4StreamItem[]): unknown[] {
  return items.map((item) =>
    item.kind === 'init'
      ? { kind: item.kind, bytes: [...item.bytes], tracks: item.tracks }
      : { kind: item.kind, bytes: [...item.bytes], fragment: item.fragment },
  );
}

function readInPieces(data: Uint8Array, cuts: number[]): Fmp4StreamItem[] {
  const reader = new Fmp4StreamReader();
  const items: Fmp4StreamItem[] = [];
  let from = 0;
  for (const cut of [...cuts, data.length]) {
    items.push(...reader.push(data.slice(from, cut)));
    from = cut;
  }
  expect(reader.bufferedBytes).toBe(0);
  return items;
}

/** Deterministic PRNG so a failing fuzz case can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Fmp4StreamReader', () => {
  const whole = new Fmp4StreamReader();
  const expected = whole.push(stream);

  test('emits the init then each chunk, bytes exactly as received', () => {
    expect(expected.map((i) => i.kind)).toEqual(['init', 'chunk', 'chunk', 'chunk', 'chunk']);
    expect([...(expected[0]?.bytes ?? [])]).toEqual([...init]);
    expect(expected.slice(1).map((item) => [...item.bytes])).toEqual(chunks.map((c) => [...c]));
    expect(whole.skippedBoxes).toBe(1);
    const fragments = expected.flatMap((i) => (i.kind === 'chunk' ? [i.fragment] : []));
    expect(fragments.map((f) => [f.sequenceNumber, f.baseMediaDecodeTime, f.independent])).toEqual([
      [1, 0, true],
      [2, 1001, false],
      [3, 2002, false],
      [4, 3003, false],
    ]);
    expect(fragments[0]?.producerReferenceTime?.unixMs).toBe(1704067200000);
  });

  test('items inside one push are views of it, not copies', () => {
    expect(expected.every((item) => item.bytes.buffer === stream.buffer)).toBe(true);
  });

  test('every single split point gives the same items', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(summary(readInPieces(stream, [cut]))).toEqual(summary(expected));
    }
  });

  test('one byte at a time gives the same items', () => {
    const cuts = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
    expect(summary(readInPieces(stream, cuts))).toEqual(summary(expected));
  });

  test('fuzz: random split points give the same items', () => {
    const random = mulberry32(1234);
    for (let round = 0; round < 300; round++) {
      const count = 1 + Math.floor(random() * 12);
      const cuts = Array.from({ length: count }, () => Math.floor(random() * stream.length)).sort(
        (a, b) => a - b,
      );
      expect(summary(readInPieces(stream, cuts))).toEqual(summary(expected));
    }
  });

  test('a new ftyp after chunks is a new init segment', () => {
    const reader = new Fmp4StreamReader();
    const restarted = concat(stream, ftyp(), moov(AUDIO));
    const kinds = reader.push(restarted).map((i) => i.kind);
    expect(kinds).toEqual(['init', 'chunk', 'chunk', 'chunk', 'chunk', 'init']);
    expect(reader.tracks?.[0]?.codec).toBe('mp4a.40.2');
  });

  const bad: [string, Uint8Array, string | RegExp][] = [
    [
      'garbage bytes',
      Uint8Array.of(0x00, 0x00, 0x00, 0x10, 0x01, 0xfe, 0x00, 0x7f, 1, 2, 3, 4),
      /not printable \(at byte 0\)/,
    ],
    [
      'a box above the size limit',
      concat(u32(100 * 1024 * 1024), ascii('mdat')),
      "box 'mdat' declares size 104857600, above the limit of 67108864 bytes (at byte 0)",
    ],
    ['size below the header', concat(init, u32(3), ascii('moof')), /smaller than its 8-byte header/],
    [
      'a moof before the moov',
      concat(ftyp(), chunks[1] as Uint8Array),
      "unexpected 'moof' box: media before the moov",
    ],
    [
      'a stream not starting with ftyp/moov',
      chunks[1] as Uint8Array,
      "unexpected 'moof' box: the stream must start with ftyp or moov (at byte 0)",
    ],
    ['an mdat without moof', concat(init, mdat(2)), /an mdat without a preceding moof/],
    [
      'two moofs in a row',
      concat(
        init,
        moof({ sequenceNumber: 1, trackId: 1, baseMediaDecodeTime: 0, samples: [{ size: 1 }] }),
        chunks[1] as Uint8Array,
      ),
      /a moof follows a moof/,
    ],
    ['size 0 in a live stream', concat(init, u32(0), ascii('mdat')), /size 0/],
  ];
  for (const [name, data, message] of bad) {
    test(`throws Fmp4Error for ${name}, then refuses input until reset`, () => {
      const reader = new Fmp4StreamReader();
      expect(() => reader.push(data)).toThrow(message);
      expect(() => reader.push(stream)).toThrow(/reader stopped after an earlier error, call reset\(\)/);
      reader.reset();
      expect(reader.push(stream).length).toBe(5);
    });
  }

  test('the size limit is configurable and checked before the box arrives', () => {
    const reader = new Fmp4StreamReader({ maxBoxSize: 1000 });
    reader.push(init);
    expect(() => reader.push(concat(u32(1001), ascii('moof')))).toThrow(Fmp4Error);
  });

  test('fuzz: random garbage never escapes as anything but Fmp4Error', () => {
    const random = mulberry32(99);
    for (let round = 0; round < 500; round++) {
      const junk = Uint8Array.from({ length: 1 + Math.floor(random() * 64) }, () =>
        Math.floor(random() * 256),
      );
      // splice garbage into a valid stream at a random point
      const at = Math.floor(random() * stream.length);
      const data = concat(stream.subarray(0, at), junk, stream.subarray(at));
      const reader = new Fmp4StreamReader({ maxBoxSize: 1 << 20 });
      try {
        reader.push(data);
      } catch (error) {
        expect(error).toBeInstanceOf(Fmp4Error);
      }
    }
  });
});
