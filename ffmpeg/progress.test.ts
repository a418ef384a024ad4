import { describe, expect, test } from 'bun:test';
import { ProgressParser, parseProgress } from './progress.ts';

// Captured from `ffmpeg -progress pipe:1 -nostats -f lavfi -i testsrc2 -t 1.2 -f null -` (ffmpeg 5.1),
// second block edited to carry an encoder's values.
const SAMPLE = `frame=1
fps=0.00
stream_0_0_q=-0.0
bitrate=N/A
total_size=N/A
out_time_us=33333
out_time_ms=33333
out_time=00:00:00.033333
dup_frames=0
drop_frames=0
speed=N/A
progress=continue
frame=36
fps=29.97
stream_0_0_q=23.0
bitrate=2981.4kbits/s
total_size=447210
out_time_us=1200000
out_time_ms=1200000
out_time=00:00:01.200000
dup_frames=1
drop_frames=2
speed= 127x
progress=end
`;

describe('progress parser', () => {
  test('each block becomes one typed record; N/A is null', () => {
    expect(parseProgress(SAMPLE)).toEqual([
      {
        frame: 1,
        fps: 0,
        bitrateKbps: null,
        totalSizeBytes: null,
        outTimeUs: 33333,
        dupFrames: 0,
        dropFrames: 0,
        speed: null,
        ended: false,
      },
      {
        frame: 36,
        fps: 29.97,
        bitrateKbps: 2981.4,
        totalSizeBytes: 447210,
        outTimeUs: 1_200_000,
        dupFrames: 1,
        dropFrames: 2,
        speed: 127,
        ended: true,
      },
    ]);
  });

  test('chunks split mid-line still yield the same blocks, each exactly once', () => {
    const parser = new ProgressParser();
    const seen = [];
    for (let i = 0; i < SAMPLE.length; i += 7) seen.push(...parser.push(SAMPLE.slice(i, i + 7)));
    expect(seen).toEqual(parseProgress(SAMPLE));
  });

  test('a block without progress= yet is held back; CRLF and junk lines are tolerated', () => {
    const parser = new ProgressParser();
    expect(parser.push('frame=5\r\nnot a pair\r\nspeed=1.01x\r\n')).toEqual([]);
    const [block] = parser.push('progress=continue\r\n');
    expect(block?.frame).toBe(5);
    expect(block?.speed).toBe(1.01);
    expect(block?.outTimeUs).toBeNull();
  });
});
