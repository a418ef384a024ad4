import { describe, expect, test } from 'bun:test';
import {
  AUDIO,
  avc1,
  box,
  concat,
  ftyp,
  moov,
  mp4a,
  u8,
  u32,
  VIDEO,
  zeros,
} from './box-builder.test-support.ts';
import { hevcCodecString } from './codec-string.ts';
import { Fmp4Error } from './fmp4-error.ts';
import { parseInitSegment } from './init-segment.ts';

describe('parseInitSegment', () => {
  test('reads video and audio tracks with codec strings and trex defaults', () => {
    const tracks = parseInitSegment(concat(ftyp(), moov(VIDEO, AUDIO)));
    expect(tracks).toEqual([
      {
        trackId: 1,
        handler: 'vide',
        timescale: 30000,
        codec: 'avc1.64001f',
        width: 1280,
        height: 720,
        defaults: { sampleDuration: 1001, sampleSize: 0, sampleFlags: 0x01010000 },
      },
      {
        trackId: 2,
        handler: 'soun',
        timescale: 48000,
        codec: 'mp4a.40.2',
        sampleRate: 48000,
        channelCount: 2,
        defaults: { sampleDuration: 1024, sampleSize: 0, sampleFlags: 0 },
      },
    ]);
  });

  test('version 1 tkhd/mdhd, HE-AAC object type, coded size when tkhd has none', () => {
    const [video, audio] = parseInitSegment(
      moov(
        {
          ...VIDEO,
          trackId: 7,
          width: 0,
          height: 0,
          tkhdVersion: 1,
          mdhdVersion: 1,
          sampleEntry: avc1(640, 360, 0x42, 0xc0, 0x1e),
        },
        { ...AUDIO, trackId: 8, tkhdVersion: 1, sampleEntry: mp4a(48000, 1, 5) },
      ),
    );
    expect(video).toMatchObject({
      trackId: 7,
      timescale: 30000,
      codec: 'avc1.42c01e',
      width: 640,
      height: 360,
    });
    expect(audio).toMatchObject({ trackId: 8, codec: 'mp4a.40.5', channelCount: 1 });
  });

  test('a missing moov or mdhd is an Fmp4Error', () => {
    expect(() => parseInitSegment(ftyp())).toThrow(Fmp4Error);
    expect(() => parseInitSegment(box('moov', box('trak', box('tkhd', zeros(84)))))).toThrow(
      'required box mdia is missing',
    );
  });

  test('hvcC gives the ISO/IEC 14496-15 Annex E string', () => {
    // Main profile, compat flags 1 and 2, progressive+frame-only constraint byte, level 3.1 (93).
    const hvcC = concat(u8(1), u8(0x01), u32(0x60000000), Uint8Array.of(0xb0, 0, 0, 0, 0, 0), u8(93));
    expect(hevcCodecString('hvc1', hvcC)).toBe('hvc1.1.6.L93.B0');
    const high = concat(u8(1), u8(0x22), u32(0x20000000), zeros(6), u8(150));
    expect(hevcCodecString('hev1', high)).toBe('hev1.2.4.H150');
  });
});
