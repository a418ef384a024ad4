import { expect, test } from 'bun:test';
import { parseHlsPath, pathOfUrl } from './hls-paths.ts';

test('the LL-HLS layout parses into what each path names', () => {
  expect(parseHlsPath('/demo/index.m3u8')).toEqual({ kind: 'multivariant', name: 'demo' });
  expect(parseHlsPath('/demo/video-720p.m3u8')).toEqual({
    kind: 'media-playlist',
    name: 'demo',
    track: 'video-720p',
  });
  expect(parseHlsPath('/demo/video/run1/init.mp4')).toEqual({
    kind: 'media',
    name: 'demo',
    track: 'video',
    run: 'run1',
    file: 'init.mp4',
  });
  for (const file of ['init-2.mp4', '12.m4s', '12.3.m4s'])
    expect(parseHlsPath(`/demo/audio/r/${file}`)).toMatchObject({ kind: 'media', file });
});

test('anything else is declined, for the router to answer', () => {
  for (const path of [
    '/',
    '/demo',
    '/demo/',
    '//video.m3u8',
    '/demo/VIDEO.m3u8',
    '/demo/video.m3u8/',
    `/demo/${'a'.repeat(33)}.m3u8`,
    '/%64emo/video.m3u8',
    '/demo/video/r/init.mp4x',
    '/demo/video/r/1.2.3.m4s',
    '/demo/video/r/x.m4s',
    '/demo/video//1.m4s',
    '/demo/Video/r/1.m4s',
    '/demo/video/r/1.m4s/extra',
  ])
    expect(parseHlsPath(path)).toBeUndefined();
});

test('the path of a URL leaves out the query and the fragment', () => {
  expect(pathOfUrl('http://127.0.0.1:8080/hls/demo/video.m3u8?_HLS_msn=3')).toBe('/hls/demo/video.m3u8');
  expect(pathOfUrl('http://h/a/b#x?y')).toBe('/a/b');
  expect(pathOfUrl('http://h')).toBe('/');
});
