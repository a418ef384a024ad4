import { describe, expect, test } from 'bun:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import HLS from 'hls-parser';
import type { MasterPlaylist } from 'hls-parser/types';
import { renderMultivariantPlaylist } from './multivariant-playlist.ts';
import type { MultivariantPlaylistSnapshot } from './multivariant-snapshot.ts';

HLS.setOptions({ strictMode: true, silent: true });
const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

const ladder: MultivariantPlaylistSnapshot = {
  audioRenditions: [
    {
      groupId: 'audio',
      name: 'English',
      language: 'en',
      isDefault: true,
      autoselect: true,
      channels: 2,
      uri: 'audio/index.m3u8',
    },
  ],
  variants: [
    {
      uri: '1080p/index.m3u8',
      bandwidth: 6_128_000,
      averageBandwidth: 5_000_000.4,
      videoCodec: 'avc1.640028',
      audioCodec: 'mp4a.40.2',
      resolution: { width: 1920, height: 1080 },
      frameRate: 30000 / 1001,
      audioGroupId: 'audio',
    },
    {
      uri: '480p/index.m3u8',
      bandwidth: 1_628_000,
      averageBandwidth: null,
      videoCodec: 'avc1.64001e',
      audioCodec: 'mp4a.40.2',
      resolution: { width: 854, height: 480 },
      frameRate: 25,
      audioGroupId: 'audio',
    },
  ],
};

describe('renderMultivariantPlaylist', () => {
  test('golden text and hls-parser round trip', () => {
    const text = renderMultivariantPlaylist(ladder);
    const goldenPath = join(import.meta.dir, 'testdata', 'multivariant.m3u8');
    if (UPDATE_GOLDEN) writeFileSync(goldenPath, text);
    expect(text).toBe(readFileSync(goldenPath, 'utf8'));

    const parsed = HLS.parse(text) as MasterPlaylist;
    expect(parsed.isMasterPlaylist).toBe(true);
    expect(parsed.version).toBe(9);
    expect(parsed.independentSegments).toBe(true);
    expect(
      parsed.variants.map((v) => [
        v.uri,
        v.bandwidth,
        v.averageBandwidth,
        v.codecs,
        v.resolution,
        v.frameRate,
      ]),
    ).toEqual([
      [
        '1080p/index.m3u8',
        6_128_000,
        5_000_001,
        'avc1.640028,mp4a.40.2',
        { width: 1920, height: 1080 },
        29.97,
      ],
      ['480p/index.m3u8', 1_628_000, undefined, 'avc1.64001e,mp4a.40.2', { width: 854, height: 480 }, 25],
    ]);
    const audio = parsed.variants[0]?.audio[0];
    expect([
      audio?.groupId,
      audio?.name,
      audio?.language,
      audio?.isDefault,
      audio?.autoselect,
      audio?.channels,
      audio?.uri,
    ]).toEqual(['audio', 'English', 'en', true, true, '2', 'audio/index.m3u8']);
    expect(text).toContain('FRAME-RATE=29.970,');
  });

  test('an audio-only variant carries only the audio codec and no resolution', () => {
    const text = renderMultivariantPlaylist({
      audioRenditions: [],
      variants: [
        {
          uri: 'audio/index.m3u8',
          bandwidth: 130_000,
          averageBandwidth: null,
          videoCodec: null,
          audioCodec: 'mp4a.40.2',
          resolution: null,
          frameRate: null,
          audioGroupId: null,
        },
      ],
    });
    expect(text).toContain('#EXT-X-STREAM-INF:BANDWIDTH=130000,CODECS="mp4a.40.2"\naudio/index.m3u8\n');
    expect(() => HLS.parse(text)).not.toThrow();
  });

  test('refuses a variant that names an unknown audio group, or a quote inside a quoted-string', () => {
    const [first] = ladder.variants;
    if (first === undefined) throw new Error('ladder has no variant');
    expect(() => renderMultivariantPlaylist({ audioRenditions: [], variants: [first] })).toThrow(RangeError);
    const [rendition] = ladder.audioRenditions;
    if (rendition === undefined) throw new Error('ladder has no audio');
    expect(() =>
      renderMultivariantPlaylist({ audioRenditions: [{ ...rendition, name: 'say "hi"' }], variants: [] }),
    ).toThrow(RangeError);
  });
});
