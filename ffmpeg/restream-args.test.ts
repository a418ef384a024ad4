import { describe, expect, test } from 'bun:test';
import { ValidationError } from '../defs/errors.ts';
import { parseDestinationUrl, restreamArgs } from './restream-args.ts';

const INPUT = [
  '-hide_banner',
  '-nostdin',
  '-nostats',
  '-loglevel',
  'warning',
  '-progress',
  'pipe:1',
  '-stats_period',
  '0.5',
  '-analyzeduration',
  '1000000',
  '-f',
  'mpegts',
  '-i',
  'pipe:0',
  '-map',
  '0:v:0?',
  '-map',
  '0:a:0?',
];

describe('restreamArgs golden commands', () => {
  test('RTMP: codecs copied into FLV', () => {
    expect(restreamArgs({ url: 'rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop' })).toEqual([
      ...INPUT,
      '-c:v',
      'copy',
      '-c:a',
      'copy',
      '-f',
      'flv',
      '-flvflags',
      'no_duration_filesize',
      'rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop',
    ]);
  });

  test('SRT: parameters become libsrt options with their values exactly as meant', () => {
    const url =
      'srt://ingest.example:9000?streamid=#!::r=live/k3y,m=publish&passphrase=pa%2Bss%26word1&latency=200000';
    expect(restreamArgs({ url })).toEqual([
      ...INPUT,
      '-c:v',
      'copy',
      '-c:a',
      'copy',
      '-f',
      'mpegts',
      '-srt_streamid',
      '#!::r=live/k3y,m=publish',
      '-passphrase',
      'pa+ss&word1',
      '-latency',
      '200000',
      'srt://ingest.example:9000',
    ]);
  });

  test('UDP: seven TS packets per datagram unless told otherwise', () => {
    expect(restreamArgs({ url: 'udp://239.1.1.1:5000?ttl=4' }).slice(-3)).toEqual([
      '-f',
      'mpegts',
      'udp://239.1.1.1:5000?pkt_size=1316&ttl=4',
    ]);
  });

  test('RTSP: TCP transport, audio re-encoded so the SDP can announce it', () => {
    expect(restreamArgs({ url: 'rtsp://relay.example:8554/live/cam' }).slice(INPUT.length)).toEqual([
      '-c:v',
      'copy',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-f',
      'rtsp',
      '-rtsp_transport',
      'tcp',
      'rtsp://relay.example:8554/live/cam',
    ]);
  });

  test('a re-encode profile: x264 veryfast zerolatency, capped height, keyframe every 2 s', () => {
    const args = restreamArgs({
      url: 'rtmps://a.rtmps.youtube.com:443/live2/key-1234',
      encode: { videoBitrateKbps: 2500, maxHeight: 720, audioBitrateKbps: 128 },
    });
    expect(args.slice(INPUT.length)).toEqual([
      '-vf',
      'scale=-2:min(ih\\,720)',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-tune',
      'zerolatency',
      '-pix_fmt',
      'yuv420p',
      '-b:v',
      '2500k',
      '-maxrate',
      '2500k',
      '-bufsize',
      '5000k',
      '-force_key_frames',
      'expr:if(isnan(prev_forced_t),1,gte(t,prev_forced_t+2))',
      '-sc_threshold',
      '0',
      '-forced-idr',
      '1',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-f',
      'flv',
      '-flvflags',
      'no_duration_filesize',
      'rtmps://a.rtmps.youtube.com:443/live2/key-1234',
    ]);
  });

  test('an out-of-range profile is refused', () => {
    expect(() => restreamArgs({ url: 'rtmp://h/app/k', encode: { videoBitrateKbps: 5 } })).toThrow(
      /videoBitrateKbps/,
    );
  });
});

describe('parseDestinationUrl', () => {
  test.each([
    ['file:///etc/passwd', /must start with rtmp:\/\//],
    ['http://example.com/live', /got http:/],
    ['pipe:1', /must start with/],
    ['rtmp://host', /needs a path/],
    ['rtmp://host/app/key with space', /spaces/],
    ['rtmp://host/app/key#frag', /fragment/],
    ['srt://host?passphrase=0123456789', /needs a port/],
    ['srt://host:9000?passphrase=short', /passphrase has the wrong length/],
    ['srt://host:9000?latency=200', /microseconds/],
    ['srt://host:9000?mode=listener', /mode=caller/],
    ['srt://host:9000?unknown=1', /Unsupported SRT parameter "unknown"/],
    ['srt://host:9000/path', /no path/],
    ['udp://host:5000?pkt_size=1000', /multiple of 188/],
    ['udp://host:5000?localaddr=1.2.3.4', /Unsupported UDP parameter/],
    ['udp://host', /needs a port/],
  ])('%s is refused', (url, message) => {
    let error: unknown;
    try {
      parseDestinationUrl(url);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(message);
  });

  test('an overlong URL is refused', () => {
    expect(() => parseDestinationUrl(`rtmp://host/app/${'k'.repeat(3000)}`)).toThrow(/at most 2048/);
  });

  test('a refusal never repeats the secret', () => {
    expect(() => parseDestinationUrl('srt://host:9000?passphrase=long-enough-secret')).not.toThrow();
    expect(() => parseDestinationUrl('srt://host:9000?passphrase=sh0rt')).toThrow(/passphrase/);
    expect(() => parseDestinationUrl('srt://host:9000?passphrase=sh0rt')).not.toThrow(/sh0rt/);
  });

  test('names the secrets: key path segments, query values, userinfo, SRT passphrase and streamid', () => {
    expect(parseDestinationUrl('rtmp://live.twitch.tv/app/live_123_AbC?bandwidthtest=true').secrets).toEqual([
      'live_123_AbC',
      'true',
    ]);
    expect(parseDestinationUrl('rtsp://user:p%40ss@cam.local:554/live/stream1').secrets).toEqual([
      'user',
      'p%40ss',
      'p@ss',
      'stream1',
    ]);
    expect(
      parseDestinationUrl('srt://h:1?streamid=abc-key&passphrase=0123456789ab&latency=120000').secrets,
    ).toEqual(['abc-key', '0123456789ab']);
    expect(parseDestinationUrl('udp://127.0.0.1:5000').secrets).toEqual([]);
  });
});
