import { describe, expect, test } from 'bun:test';
import { ladderFor, type Rendition } from './ladder.ts';
import { ladderArgs, ladderOutputFds } from './ladder-args.ts';
import { videoEncoderArgs } from './video-encoder-args.ts';

const GLOBAL = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'warning'];
const MOVFLAGS = ['-movflags', '+empty_moov+delay_moov+default_base_moof+cmaf+skip_trailer+frag_every_frame'];
const out = (fd: number) => [
  '-f',
  'mp4',
  ...MOVFLAGS,
  '-write_prft',
  'wallclock',
  '-flush_packets',
  '1',
  `pipe:${fd}`,
];
const FORCE_1S_25 = 'expr:if(isnan(prev_forced_t),1,gte(t,prev_forced_t+1-0.02))';
const FORCE_2S_60 = 'expr:if(isnan(prev_forced_t),1,gte(t,prev_forced_t+2-0.008333))';

const TWO_AT_25 = ladderFor({ width: 640, height: 360, frameRate: 25 }, [
  { shortSide: 360 },
  { shortSide: 240 },
]);
const TWO_AT_60 = ladderFor({ width: 1280, height: 720, frameRate: 60 }, [
  { shortSide: 720 },
  { shortSide: 360 },
]);

describe('ladderArgs', () => {
  test('x264, FLV on stdin, AAC copied: one decode, split+scale, one fMP4 per rendition then audio', () => {
    // biome-ignore format: golden argv laid out as FFmpeg flag/value pairs
    expect(
      ladderArgs({
        input: { kind: 'stdin', format: 'flv' },
        renditions: TWO_AT_25,
        encoder: 'libx264',
        keyframeIntervalSeconds: 1,
        frameRate: 25,
        audio: 'copy',
      }),
    ).toEqual([
      ...GLOBAL,
      '-analyzeduration', '500000',
      '-f', 'flv', '-i', 'pipe:0',
      '-filter_complex',
      '[0:v:0]fps=25,format=yuv420p,split=2[in0][in1];[in0]scale=640:360,setsar=1[v0];[in1]scale=426:240,setsar=1[v1]',
      '-map', '[v0]',
      '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-sc_threshold', '0', '-forced-idr', '1',
      '-profile:v', 'high', '-bf', '0', '-g', '25', '-keyint_min', '25', '-force_key_frames', FORCE_1S_25,
      '-b:v', '700k', '-maxrate', '770k', '-bufsize', '770k',
      ...out(3),
      '-map', '[v1]',
      '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-sc_threshold', '0', '-forced-idr', '1',
      '-profile:v', 'high', '-bf', '0', '-g', '25', '-keyint_min', '25', '-force_key_frames', FORCE_1S_25,
      '-b:v', '300k', '-maxrate', '330k', '-bufsize', '330k',
      ...out(4),
      '-map', '0:a:0', '-c:a', 'copy',
      ...out(5),
    ]);
  });

  test('VA-API from MPEG-TS at 60 fps: device, NV12 upload per branch, half-rate small rung with half the GOP frames', () => {
    // biome-ignore format: golden argv laid out as FFmpeg flag/value pairs
    expect(
      ladderArgs({
        input: { kind: 'stdin', format: 'mpegts' },
        renditions: TWO_AT_60,
        encoder: 'h264_vaapi',
        keyframeIntervalSeconds: 2,
        frameRate: 60,
        audio: 'copy',
        vaapiDevice: '/dev/dri/renderD129',
      }),
    ).toEqual([
      ...GLOBAL,
      '-vaapi_device', '/dev/dri/renderD129',
      '-analyzeduration', '500000',
      '-f', 'mpegts', '-i', 'pipe:0',
      '-filter_complex',
      '[0:v:0]fps=60,format=nv12,split=2[in0][in1];' +
        '[in0]scale=1280:720,setsar=1,format=nv12,hwupload[v0];' +
        '[in1]fps=30,scale=640:360,setsar=1,format=nv12,hwupload[v1]',
      '-map', '[v0]', '-c:v', 'h264_vaapi',
      '-profile:v', 'high', '-bf', '0', '-g', '120', '-keyint_min', '120', '-force_key_frames', FORCE_2S_60,
      '-b:v', '2750k', '-maxrate', '3025k', '-bufsize', '3025k',
      ...out(3),
      '-map', '[v1]', '-c:v', 'h264_vaapi',
      '-profile:v', 'high', '-bf', '0', '-g', '60', '-keyint_min', '60', '-force_key_frames', FORCE_2S_60,
      '-b:v', '700k', '-maxrate', '770k', '-bufsize', '770k',
      ...out(4),
      // MPEG-TS carries ADTS AAC: converted for MP4
      '-map', '0:a:0', '-c:a', 'copy', '-bsf:a', 'aac_adtstoasc',
      ...out(5),
    ]);
  });

  test('a URL played as live, audio encoded to AAC, no prft, custom log level', () => {
    const [top] = TWO_AT_25;
    // biome-ignore format: golden argv laid out as FFmpeg flag/value pairs
    expect(
      ladderArgs({
        input: { kind: 'url', url: '/media/loop.mp4', asLive: true },
        renditions: [top as Rendition],
        encoder: 'h264_nvenc',
        keyframeIntervalSeconds: 1,
        frameRate: 25,
        audio: 'aac',
        audioBitrateKbps: 96,
        producerReferenceTime: false,
        analyzeDurationUs: 1_000_000,
        logLevel: 'error',
      }),
    ).toEqual([
      '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error',
      '-analyzeduration', '1000000',
      '-re', '-stream_loop', '-1', '-i', '/media/loop.mp4',
      '-filter_complex', '[0:v:0]fps=25,format=yuv420p,split=1[in0];[in0]scale=640:360,setsar=1[v0]',
      '-map', '[v0]',
      '-c:v', 'h264_nvenc', '-preset', 'p4', '-tune', 'll', '-rc', 'cbr', '-zerolatency', '1', '-forced-idr', '1',
      '-profile:v', 'high', '-bf', '0', '-g', '25', '-keyint_min', '25', '-force_key_frames', FORCE_1S_25,
      '-b:v', '700k', '-maxrate', '770k', '-bufsize', '770k',
      '-f', 'mp4', ...MOVFLAGS, '-flush_packets', '1', 'pipe:3',
      '-map', '0:a:0', '-c:a', 'aac', '-b:a', '96k', '-ac', '2',
      '-f', 'mp4', ...MOVFLAGS, '-flush_packets', '1', 'pipe:4',
    ]);
  });

  test('QSV at 29.97 fps: exact NTSC rates in the filter, NV12 without upload', () => {
    const renditions = ladderFor({ width: 1920, height: 1080, frameRate: 59.94 }, [
      { shortSide: 1080 },
      { shortSide: 360 },
    ]);
    const args = ladderArgs({
      input: { kind: 'url', url: 'srt://127.0.0.1:9000?mode=caller' },
      renditions,
      encoder: 'h264_qsv',
      keyframeIntervalSeconds: 2,
      frameRate: 59.94,
      audio: 'none',
    });
    expect(args[args.indexOf('-filter_complex') + 1]).toBe(
      '[0:v:0]fps=60000/1001,format=nv12,split=2[in0][in1];' +
        '[in0]scale=1920:1080,setsar=1,format=nv12[v0];' +
        '[in1]fps=30000/1001,scale=640:360,setsar=1,format=nv12[v1]',
    );
    // no audio output: the last output is the second rendition's
    expect(args.at(-1)).toBe('pipe:4');
    expect(args).not.toContain('0:a:0');
    expect(args.filter((arg) => arg === '-g').length).toBe(2);
  });

  test('output fds: video renditions from 3, audio after them', () => {
    expect(ladderOutputFds(3)).toEqual({ video: [3, 4, 5], audio: 6 });
    expect(ladderOutputFds(2, false)).toEqual({ video: [3, 4] });
  });

  test('each hardware encoder has its own documented flags', () => {
    const rate = { videoBitrateKbps: 1000, maxrateKbps: 1100, bufsizeKbps: 1100 };
    const gop = { gopFrames: 50, forceKeyFrames: 'expr:1' };
    const tuning = (encoder: Parameters<typeof videoEncoderArgs>[0]) =>
      videoEncoderArgs(encoder, rate, gop).slice(
        0,
        videoEncoderArgs(encoder, rate, gop).indexOf('-profile:v'),
      );
    expect(tuning('h264_qsv')).toEqual([
      '-c:v',
      'h264_qsv',
      '-preset',
      'veryfast',
      '-look_ahead',
      '0',
      '-forced_idr',
      '1',
    ]);
    expect(tuning('h264_vaapi')).toEqual(['-c:v', 'h264_vaapi']);
  });

  test('renditions that cannot be encoded are refused with a reason', () => {
    const base = {
      input: { kind: 'stdin', format: 'flv' } as const,
      encoder: 'libx264' as const,
      keyframeIntervalSeconds: 2,
      frameRate: 25,
      audio: 'copy' as const,
    };
    const good = TWO_AT_25[0] as Rendition;
    expect(() => ladderArgs({ ...base, renditions: [] })).toThrow(/1 to 8 renditions/);
    expect(() => ladderArgs({ ...base, renditions: [{ ...good, width: 641 }] })).toThrow(
      /360p: size must be even/,
    );
    expect(() => ladderArgs({ ...base, renditions: [{ ...good, maxrateKbps: 0 }] })).toThrow(
      /positive integers/,
    );
    expect(() => ladderArgs({ ...base, renditions: [{ ...good, frameRate: 30 }] })).toThrow(/is not 25 \/ 1/);
    expect(() => ladderArgs({ ...base, keyframeIntervalSeconds: 0, renditions: [good] })).toThrow(
      /keyframe interval/,
    );
  });
});
