import { describe, expect, test } from 'bun:test';
import HLS from 'hls-parser';
import { renderVodMediaPlaylist, type VodSegment } from './vod-media-playlist.ts';

HLS.setOptions({ strictMode: true });
const at = (seconds: number) => new Date(Date.UTC(2025, 0, 1, 12, 0, 0) + seconds * 1000);
const segment = (n: number, overrides: Partial<VodSegment> = {}): VodSegment => ({
  uri: `video/${n}.m4s`,
  duration: 2,
  programDateTime: at(2 * n),
  discontinuity: false,
  mapUri: 'video/init-0.mp4',
  ...overrides,
});

describe('renderVodMediaPlaylist', () => {
  test('every segment, VOD type, ENDLIST; a discontinuity with a new map where the source came back', () => {
    const text = renderVodMediaPlaylist([
      segment(0),
      segment(1, { duration: 2.48 }),
      segment(2, { discontinuity: true, mapUri: 'video/init-1.mp4', programDateTime: at(60) }),
    ]);
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:6',
        '#EXT-X-TARGETDURATION:2',
        '#EXT-X-PLAYLIST-TYPE:VOD',
        '#EXT-X-MEDIA-SEQUENCE:0',
        '#EXT-X-MAP:URI="video/init-0.mp4"',
        '#EXT-X-PROGRAM-DATE-TIME:2025-01-01T12:00:00.000Z',
        '#EXTINF:2.00000,',
        'video/0.m4s',
        '#EXT-X-PROGRAM-DATE-TIME:2025-01-01T12:00:02.000Z',
        '#EXTINF:2.48000,',
        'video/1.m4s',
        '#EXT-X-DISCONTINUITY',
        '#EXT-X-MAP:URI="video/init-1.mp4"',
        '#EXT-X-PROGRAM-DATE-TIME:2025-01-01T12:01:00.000Z',
        '#EXTINF:2.00000,',
        'video/2.m4s',
        '#EXT-X-ENDLIST',
        '',
      ].join('\n'),
    );
    const parsed = HLS.parse(text) as HLS.types.MediaPlaylist;
    expect(parsed.playlistType).toBe('VOD');
    expect(parsed.endlist).toBe(true);
    expect(parsed.segments.map((s) => [s.uri, s.duration, Boolean(s.discontinuity), s.map?.uri])).toEqual([
      ['video/0.m4s', 2, false, 'video/init-0.mp4'],
      ['video/1.m4s', 2.48, false, 'video/init-0.mp4'],
      ['video/2.m4s', 2, true, 'video/init-1.mp4'],
    ]);
  });

  test('the target duration covers the longest segment rounded; a leading discontinuity is dropped', () => {
    const text = renderVodMediaPlaylist([segment(0, { discontinuity: true }), segment(1, { duration: 3.6 })]);
    expect(text).toContain('#EXT-X-TARGETDURATION:4\n');
    expect(text).not.toContain('DISCONTINUITY');
    expect(() => renderVodMediaPlaylist([])).toThrow(RangeError);
  });
});
