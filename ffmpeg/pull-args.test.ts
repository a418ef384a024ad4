import { expect, test } from 'bun:test';
import { pullArgs } from './pull-args.ts';

test('an RTSP pull uses TCP and remuxes to MPEG-TS on fd 3', () => {
  expect(pullArgs({ url: 'rtsp://mediamtx:8554/live/abc', timeoutSeconds: 5 })).toEqual([
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel',
    'warning',
    '-rtsp_transport',
    'tcp',
    '-timeout',
    '5000000',
    '-analyzeduration',
    '500000',
    '-i',
    'rtsp://mediamtx:8554/live/abc',
    '-map',
    '0:v:0?',
    '-map',
    '0:a:0?',
    '-c',
    'copy',
    '-flush_packets',
    '1',
    '-f',
    'mpegts',
    'pipe:3',
  ]);
});

test('HLS pulls start at the live edge; local files are refused', () => {
  expect(pullArgs({ url: 'https://cdn.example/live.m3u8' })).toContain('-live_start_index');
  expect(() => pullArgs({ url: 'file:///etc/passwd' })).toThrow(/cannot pull file:/);
});
