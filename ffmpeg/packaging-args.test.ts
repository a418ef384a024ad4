import { describe, expect, test } from 'bun:test';
import { packagingArgs } from './packaging-args.ts';

const GLOBAL = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'warning'];
const MOVFLAGS = ['-movflags', '+empty_moov+delay_moov+default_base_moof+cmaf+skip_trailer+frag_every_frame'];
const videoOut = ['-f', 'mp4', ...MOVFLAGS, '-write_prft', 'wallclock', '-flush_packets', '1', 'pipe:3'];
const audioOut = ['-f', 'mp4', ...MOVFLAGS, '-write_prft', 'wallclock', '-flush_packets', '1', 'pipe:4'];

describe('packagingArgs', () => {
  test('FLV on stdin, both tracks copied to fds 3 and 4', () => {
    // biome-ignore format: golden argv laid out as FFmpeg flag/value pairs
    expect(packagingArgs({ input: { kind: 'stdin', format: 'flv' } })).toEqual([
      ...GLOBAL,
      '-analyzeduration', '500000',
      '-f', 'flv', '-i', 'pipe:0',
      '-map', '0:v:0', '-c', 'copy', ...videoOut,
      '-map', '0:a:0', '-c', 'copy', ...audioOut,
    ]);
  });

  test('MPEG-TS on stdin converts ADTS audio for MP4', () => {
    // biome-ignore format: golden argv laid out as FFmpeg flag/value pairs
    expect(packagingArgs({ input: { kind: 'stdin', format: 'mpegts' } })).toEqual([
      ...GLOBAL,
      '-analyzeduration', '500000',
      '-f', 'mpegts', '-i', 'pipe:0',
      '-map', '0:v:0', '-c', 'copy', ...videoOut,
      '-map', '0:a:0', '-c', 'copy', '-bsf:a', 'aac_adtstoasc', ...audioOut,
    ]);
  });

  test('a file played as live is paced and looped', () => {
    // biome-ignore format: golden argv laid out as FFmpeg flag/value pairs
    expect(packagingArgs({ input: { kind: 'url', url: '/media/slate.flv', format: 'flv', asLive: true }, tracks: ['video'] })).toEqual([
      ...GLOBAL,
      '-analyzeduration', '500000',
      '-re', '-stream_loop', '-1', '-f', 'flv', '-i', '/media/slate.flv',
      '-map', '0:v:0', '-c', 'copy', ...videoOut,
    ]);
  });

  test('an SRT URL is MPEG-TS even without a format hint', () => {
    // biome-ignore format: golden argv laid out as FFmpeg flag/value pairs
    expect(packagingArgs({ input: { kind: 'url', url: 'srt://127.0.0.1:9000?mode=caller' }, tracks: ['audio'] })).toEqual([
      ...GLOBAL,
      '-analyzeduration', '500000',
      '-i', 'srt://127.0.0.1:9000?mode=caller',
      '-map', '0:a:0', '-c', 'copy', '-bsf:a', 'aac_adtstoasc', ...audioOut,
    ]);
  });

  test('RTMP URL, video only, no prft, custom probe window and log level', () => {
    // biome-ignore format: golden argv laid out as FFmpeg flag/value pairs
    expect(
      packagingArgs({
        input: { kind: 'url', url: 'rtmp://127.0.0.1/live/key' },
        tracks: ['video'],
        producerReferenceTime: false,
        analyzeDurationUs: 250_000,
        logLevel: 'error',
      }),
    ).toEqual([
      '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error',
      '-analyzeduration', '250000',
      '-i', 'rtmp://127.0.0.1/live/key',
      '-map', '0:v:0', '-c', 'copy', '-f', 'mp4', ...MOVFLAGS, '-flush_packets', '1', 'pipe:3',
    ]);
  });
});
