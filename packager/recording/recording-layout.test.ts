import { describe, expect, test } from 'bun:test';
import { isTrackId, recordedFile } from './recording-layout.ts';

describe('recordedFile', () => {
  test('names exactly the files a player may fetch', () => {
    expect(recordedFile(['index.m3u8'])).toEqual({ kind: 'multivariant' });
    expect(recordedFile(['manifest.mpd'])).toEqual({ kind: 'mpd' });
    expect(recordedFile(['video-720p.m3u8'])).toEqual({ kind: 'media-playlist', track: 'video-720p' });
    expect(recordedFile(['audio', 'init-0.mp4'])).toEqual({ kind: 'init', track: 'audio' });
    expect(recordedFile(['video', '12.m4s'])).toEqual({ kind: 'segment', track: 'video' });
  });

  test('refuses everything else: journals, temp files, traversal, odd numbers, deep paths', () => {
    for (const path of [
      ['video', 'journal.jsonl'],
      ['video.m3u8.123.abc.tmp'],
      ['..', 'index.m3u8'],
      ['video', '..'],
      ['..'],
      ['.m3u8'],
      ['INDEX.m3u8'],
      ['video', '012.m4s'],
      ['video', '1e3.m4s'],
      ['video', '-1.m4s'],
      ['video', '1234567890.m4s'],
      ['video', 'init-01.mp4'],
      ['video', 'init.mp4'],
      ['video', '1.m4s', 'x'],
      ['video%2F..', '1.m4s'],
      ['index', '1.m4s'],
      [],
    ])
      expect(recordedFile(path)).toBeUndefined();
  });

  test('track ids are short path segments (ladder names included), never a root file stem', () => {
    expect(['video', 'audio', 'video-720p', 'video-HD_1', 'a_1'].every(isTrackId)).toBe(true);
    expect(['', 'index', 'Manifest', '.video', 'a/b', '-a', 'a.b', 'x'.repeat(65)].some(isTrackId)).toBe(
      false,
    );
  });
});
