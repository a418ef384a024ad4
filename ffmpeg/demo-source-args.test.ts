import { describe, expect, test } from 'bun:test';
import { demoSourceArgs, secondsSinceUtcMidnight, timecodeBlocksFilter } from './demo-source-args.ts';

const MOVFLAGS = ['-movflags', '+empty_moov+delay_moov+default_base_moof+cmaf+skip_trailer+frag_every_frame'];

describe('demoSourceArgs', () => {
  test('720p30 test pattern with burned-in clock, 2 s GOP, x264 + AAC into fds 3 and 4', () => {
    // biome-ignore format: golden argv laid out as FFmpeg flag/value pairs
    expect(demoSourceArgs({ clockOffsetSeconds: 3723.5 })).toEqual([
      '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'warning',
      '-re', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30',
      '-re', '-f', 'lavfi', '-i', 'sine=frequency=1000:beep_factor=2:sample_rate=48000',
      '-map', '0:v',
      '-vf',
      "drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf:text='%{pts\\:hms\\:3723.500\\:24HH} UTC'" +
        ':x=(w-text_w)/2:y=h-120:fontsize=60:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=12',
      '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-bf', '0',
      '-g', '60', '-keyint_min', '60', '-sc_threshold', '0',
      '-b:v', '3000k', '-maxrate', '3000k', '-bufsize', '3000k', '-pix_fmt', 'yuv420p',
      '-f', 'mp4', ...MOVFLAGS, '-write_prft', 'wallclock', '-flush_packets', '1', 'pipe:3',
      '-map', '1:a', '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
      '-f', 'mp4', ...MOVFLAGS, '-write_prft', 'wallclock', '-flush_packets', '1', 'pipe:4',
    ]);
  });

  test('options: smpte bars, 360p25, 1 s GOP, B-frames, no zerolatency, bounded duration, own font', () => {
    // biome-ignore format: golden argv laid out as FFmpeg flag/value pairs
    expect(
      demoSourceArgs({
        clockOffsetSeconds: 0,
        fontFile: '/fonts/Mono.ttf',
        pattern: 'smptehdbars',
        width: 640,
        height: 360,
        fps: 25,
        keyframeIntervalSeconds: 1,
        bFrames: 2,
        zeroLatency: false,
        videoBitrateKbps: 800,
        audioBitrateKbps: 64,
        toneHz: 440,
        durationSeconds: 3,
        producerReferenceTime: false,
        logLevel: 'error',
      }),
    ).toEqual([
      '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error',
      '-re', '-f', 'lavfi', '-i', 'smptehdbars=size=640x360:rate=25',
      '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:beep_factor=2:sample_rate=48000',
      '-map', '0:v',
      '-vf',
      "drawtext=fontfile=/fonts/Mono.ttf:text='%{pts\\:hms\\:0.000\\:24HH} UTC'" +
        ':x=(w-text_w)/2:y=h-60:fontsize=30:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=12',
      '-c:v', 'libx264', '-preset', 'veryfast', '-bf', '2',
      '-g', '25', '-keyint_min', '25', '-sc_threshold', '0',
      '-b:v', '800k', '-maxrate', '800k', '-bufsize', '800k', '-pix_fmt', 'yuv420p',
      '-t', '3', '-f', 'mp4', ...MOVFLAGS, '-flush_packets', '1', 'pipe:3',
      '-map', '1:a', '-c:a', 'aac', '-b:a', '64k', '-ac', '2',
      '-t', '3', '-f', 'mp4', ...MOVFLAGS, '-flush_packets', '1', 'pipe:4',
    ]);
  });

  test('timecodeBlocks appends the timecode cells to the same -vf chain and changes nothing else', () => {
    const plain = demoSourceArgs({ clockOffsetSeconds: 3723.5, width: 640, height: 360 });
    const blocks = demoSourceArgs({
      clockOffsetSeconds: 3723.5,
      width: 640,
      height: 360,
      timecodeBlocks: true,
    });
    const vf = plain.indexOf('-vf') + 1;
    expect(blocks.length).toBe(plain.length);
    expect(blocks.filter((_, i) => i !== vf)).toEqual(plain.filter((_, i) => i !== vf));
    expect(blocks[vf]).toBe(`${plain[vf]},${timecodeBlocksFilter(3723.5, 640)}`);
  });

  test('timecode cells: black strip, white references at cells 0 and 28, MSB first bits, parity at 29', () => {
    const boxes = timecodeBlocksFilter(3723.5, 640).split(',drawbox=');
    // strip + reference + 27 bits + marker + parity
    expect(boxes).toHaveLength(31);
    expect(boxes[0]).toBe('drawbox=x=0:y=0:w=640:h=20:color=black:t=fill');
    expect(boxes[1]).toBe('x=0:y=0:w=20:h=20:color=white:t=fill');
    expect(boxes[2]).toBe(
      "x=20:y=0:w=20:h=20:color=white:t=fill:enable='mod(floor(mod(floor((t+3723.500)*1000),86400000)/67108864),2)'",
    );
    expect(boxes[29]).toBe('x=560:y=0:w=20:h=20:color=white:t=fill');
    expect(boxes[30]).toStartWith("x=580:y=0:w=20:h=20:color=white:t=fill:enable='mod(mod(floor(");
  });

  test('a font path that would break the filter graph is refused', () => {
    expect(() => demoSourceArgs({ clockOffsetSeconds: 0, fontFile: "C:/it's.ttf" })).toThrow(/font path/);
  });

  test('secondsSinceUtcMidnight keeps milliseconds', () => {
    expect(secondsSinceUtcMidnight(new Date('2025-03-04T01:02:03.456Z'))).toBeCloseTo(3723.456, 6);
  });
});
