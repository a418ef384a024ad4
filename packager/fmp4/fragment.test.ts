import { describe, expect, test } from 'bun:test';
import {
  AUDIO,
  box,
  concat,
  type FragmentSpec,
  fullBox,
  mdat,
  moof,
  NON_SYNC,
  prft,
  SYNC,
  u32,
  VIDEO,
} from './box-builder.test-support.ts';
import { Fmp4Error } from './fmp4-error.ts';
import { parseFragment } from './fragment.ts';
import type { TrackInfo } from './init-segment.ts';
import { ntpToUnixMs } from './producer-reference-time.ts';

const videoTrack: TrackInfo = {
  trackId: 1,
  handler: 'vide',
  timescale: 30000,
  codec: 'avc1.64001f',
  defaults: { sampleDuration: 1001, sampleSize: 0, sampleFlags: NON_SYNC },
};

const chunk = (spec: Partial<FragmentSpec>): Uint8Array =>
  concat(
    moof({ sequenceNumber: 1, trackId: 1, baseMediaDecodeTime: 0, samples: [{ size: 10 }], ...spec }),
    mdat(10),
  );

describe('parseFragment', () => {
  test('tfdt version 0 and version 1 (64-bit) decode times', () => {
    expect(parseFragment(chunk({ baseMediaDecodeTime: 123456 }), [videoTrack]).baseMediaDecodeTime).toBe(
      123456,
    );
    const big = 2 ** 40 + 5;
    expect(
      parseFragment(chunk({ tfdtVersion: 1, baseMediaDecodeTime: big }), [videoTrack]).baseMediaDecodeTime,
    ).toBe(big);
  });

  test('trun version 1 composition offsets are signed (B-frames)', () => {
    const samples = [
      { duration: 1001, size: 5, flags: SYNC, compositionOffset: 1001 },
      { duration: 1001, size: 6, flags: NON_SYNC, compositionOffset: 3003 },
      { duration: 1001, size: 7, flags: NON_SYNC, compositionOffset: -1001 },
      { duration: 1001, size: 8, flags: NON_SYNC, compositionOffset: 0 },
    ];
    const info = parseFragment(chunk({ trunVersion: 1, samples, sequenceNumber: 42 }), [videoTrack]);
    expect(info.samples).toEqual(samples);
    expect(info).toMatchObject({ sequenceNumber: 42, trackId: 1, duration: 4004, independent: true });
    // the same bytes read as version 0 are unsigned: -1001 becomes 2^32 - 1001
    const v0 = parseFragment(chunk({ trunVersion: 0, samples }), [videoTrack]);
    expect(v0.samples[2]?.compositionOffset).toBe(2 ** 32 - 1001);
  });

  // LOW-LATENCY.md: first_sample_flags (0x004), else per-sample flags (0x400),
  // else tfhd.default_sample_flags (0x20), else trex.
  const fallback: [string, Partial<FragmentSpec>, TrackInfo['defaults']['sampleFlags'], boolean][] = [
    [
      'first_sample_flags wins over tfhd and trex',
      { firstSampleFlags: SYNC, tfhdDefaults: { flags: NON_SYNC } },
      NON_SYNC,
      true,
    ],
    [
      'first_sample_flags can say non-sync',
      { firstSampleFlags: NON_SYNC, tfhdDefaults: { flags: SYNC } },
      SYNC,
      false,
    ],
    ['per-sample flags', { samples: [{ flags: SYNC }], tfhdDefaults: { flags: NON_SYNC } }, NON_SYNC, true],
    ['per-sample non-sync', { samples: [{ flags: NON_SYNC }], tfhdDefaults: { flags: SYNC } }, SYNC, false],
    ['tfhd default_sample_flags', { samples: [{ size: 1 }], tfhdDefaults: { flags: SYNC } }, NON_SYNC, true],
    ['tfhd default non-sync', { samples: [{ size: 1 }], tfhdDefaults: { flags: NON_SYNC } }, SYNC, false],
    ['trex sync', { samples: [{ size: 1 }] }, SYNC, true],
    ['trex non-sync', { samples: [{ size: 1 }] }, NON_SYNC, false],
  ];
  for (const [name, spec, trexFlags, independent] of fallback) {
    test(`sync flag fallback: ${name}`, () => {
      const track = { ...videoTrack, defaults: { ...videoTrack.defaults, sampleFlags: trexFlags } };
      expect(parseFragment(chunk(spec), [track]).independent).toBe(independent);
    });
  }

  test('first_sample_flags applies to sample 0 only; later samples use per-sample or defaults', () => {
    const info = parseFragment(
      chunk({
        firstSampleFlags: SYNC,
        samples: [{ size: 1 }, { size: 2 }],
        tfhdDefaults: { flags: NON_SYNC },
      }),
      [videoTrack],
    );
    expect(info.samples.map((s) => s.flags)).toEqual([SYNC, NON_SYNC]);
  });

  test('durations and sizes fall back to tfhd then trex', () => {
    const fromTfhd = parseFragment(
      chunk({ samples: [{ flags: SYNC }, { flags: NON_SYNC }], tfhdDefaults: { duration: 512, size: 9 } }),
      [videoTrack],
    );
    expect(fromTfhd.samples.map((s) => [s.duration, s.size])).toEqual([
      [512, 9],
      [512, 9],
    ]);
    expect(fromTfhd.duration).toBe(1024);
    const fromTrex = parseFragment(chunk({ samples: [{ flags: SYNC }] }), [videoTrack]);
    expect(fromTrex.duration).toBe(1001);
  });

  test('prft gives the wall clock in Unix milliseconds', () => {
    // 2024-01-01T00:00:00.5Z = 1704067200.5 s Unix = 3913056000.5 s NTP
    const bytes = concat(prft(1, 3913056000, 2 ** 31, 90000), chunk({}));
    const info = parseFragment(bytes, [videoTrack]);
    expect(info.producerReferenceTime).toEqual({
      referenceTrackId: 1,
      unixMs: 1704067200500,
      mediaTime: 90000,
    });
    expect(ntpToUnixMs(2208988800, 0)).toBe(0);
    // FFmpeg writes prft v1 with the packet pts, negative (-1024) for AAC priming
    const v1 = fullBox(
      'prft',
      1,
      0,
      u32(2),
      u32(3913056000),
      u32(0),
      Uint8Array.of(255, 255, 255, 255, 255, 255, 252, 0),
    );
    expect(parseFragment(concat(v1, chunk({})), [videoTrack]).producerReferenceTime?.mediaTime).toBe(-1024);
  });

  test('unknown track, missing tfdt and multi-traf moofs are Fmp4Errors', () => {
    const audioTrack = { ...videoTrack, trackId: AUDIO.trackId };
    expect(() => parseFragment(chunk({}), [audioTrack])).toThrow(
      'fragment for track 1, which the init segment does not declare',
    );
    const noTfdt = box(
      'moof',
      fullBox('mfhd', 0, 0, u32(1)),
      box('traf', fullBox('tfhd', 0, 0, u32(VIDEO.trackId))),
    );
    expect(() => parseFragment(noTfdt)).toThrow('traf of track 1 has no tfdt');
    const one = moof({ sequenceNumber: 1, trackId: 1, baseMediaDecodeTime: 0, samples: [{ size: 1 }] });
    const traf = one.subarray(8 + 16); // skip moof header and mfhd
    const twoTrafs = box('moof', fullBox('mfhd', 0, 0, u32(1)), traf, traf);
    expect(() => parseFragment(twoTrafs)).toThrow(Fmp4Error);
    expect(() => parseFragment(mdat(4))).toThrow('chunk has no moof box');
  });
});
