import { beforeAll, describe, expect, test } from 'bun:test';
import { testPatternClipArgs } from '../ffmpeg/test-pattern-clip-args.ts';
import { MpegTsKeyframeGate } from './mpegts-keyframe-gate.ts';
import { packetPid, randomAccess, startsUnit, TS_PACKET_SIZE, TsPacketAligner } from './mpegts-packets.ts';

/** 4 s of H.264 + AAC in MPEG-TS, a keyframe every second. */
let clip: Uint8Array;
beforeAll(() => {
  const made = Bun.spawnSync([
    'ffmpeg',
    ...testPatternClipArgs({
      width: 160,
      height: 90,
      frameRate: 25,
      seconds: 4,
      keyframeSeconds: 1,
      format: 'mpegts',
      output: '-',
    }),
  ]);
  expect(made.exitCode).toBe(0);
  clip = new Uint8Array(made.stdout);
});

/** Feeds `bytes` in uneven chunks, as pipe reads would. */
function feed(gate: MpegTsKeyframeGate, bytes: Uint8Array, nowMs = 0): Uint8Array {
  const out: Uint8Array[] = [];
  for (let at = 0, size = 1000; at < bytes.length; at += size, size = (size * 7) % 9000 || 1000) {
    const passed = gate.push(bytes.subarray(at, at + size), nowMs);
    if (passed) out.push(passed);
  }
  return Buffer.concat(out);
}

function probeVideo(ts: Uint8Array): { keyFrames: string[]; errors: string } {
  const probe = Bun.spawnSync(
    [
      'ffprobe',
      '-v',
      'error',
      '-select_streams',
      'v',
      '-show_entries',
      'frame=key_frame',
      '-of',
      'csv=p=0',
      '-',
    ],
    { stdin: ts },
  );
  return { keyFrames: probe.stdout.toString().split('\n').filter(Boolean), errors: probe.stderr.toString() };
}

describe('MpegTsKeyframeGate', () => {
  test('joining mid-GOP at an odd offset: starts with PAT, PMT and a video keyframe, decodes cleanly', () => {
    const midGop = clip.subarray(Math.floor(clip.length * 0.3) + 77);
    // without the gate a decoder starting here cannot decode (the test's own control)
    expect(probeVideo(midGop).errors).toMatch(/PPS|no frame|decode_slice_header/);

    const gate = new MpegTsKeyframeGate();
    const passed = feed(gate, midGop);
    expect(packetPid(passed, 0)).toBe(0);
    const videoAt = 2 * TS_PACKET_SIZE;
    expect(startsUnit(passed, videoAt) && randomAccess(passed, videoAt)).toBe(true);
    const { keyFrames, errors } = probeVideo(passed);
    expect(errors).toBe('');
    expect(keyFrames[0]).toBe('1');
    expect(keyFrames.length).toBeGreaterThan(25);
    expect(gate.skippedBytes).toBeGreaterThan(0);
  });

  test('closing waits for the next keyframe again', () => {
    const gate = new MpegTsKeyframeGate();
    const half = Math.floor(clip.length / 2);
    expect(feed(gate, clip.subarray(0, half)).length).toBeGreaterThan(0);
    gate.close(0);
    expect(gate.open).toBe(false);
    const rest = feed(gate, clip.subarray(half));
    expect(packetPid(rest, 0)).toBe(0);
    expect(probeVideo(rest).keyFrames[0]).toBe('1');
  });

  test('without random_access_indicator, the H.264 IDR itself is recognised', () => {
    const stripped = new Uint8Array(clip);
    for (let at = 0; at < stripped.length; at += TS_PACKET_SIZE)
      if (randomAccess(stripped, at)) stripped[at + 5] = (stripped[at + 5] as number) & ~0x40;
    const gate = new MpegTsKeyframeGate();
    const passed = feed(gate, stripped.subarray(Math.floor(stripped.length * 0.6)));
    const { keyFrames, errors } = probeVideo(passed);
    expect(errors).toBe('');
    expect(keyFrames[0]).toBe('1');
  });

  test('garbage never opens the gate before the wait bound, then opens anyway', () => {
    const gate = new MpegTsKeyframeGate({ maxWaitMs: 1000 });
    const noise = new Uint8Array(50_000).map((_, i) => (i * 31) & 0xff);
    expect(gate.push(noise, 0)).toBeUndefined();
    // a stream whose PSI the gate never saw (it joined after them): after the bound, any packet will do
    const tail = clip.subarray(clip.length - 40 * TS_PACKET_SIZE);
    const late = new MpegTsKeyframeGate({ maxWaitMs: 1000 });
    expect(late.push(tail.subarray(0, 20 * TS_PACKET_SIZE), 0)).toBeUndefined();
    expect(late.push(tail.subarray(20 * TS_PACKET_SIZE), 2000)?.length).toBeGreaterThan(0);
  });
});

test('TsPacketAligner finds the packet grid in a stream joined at any byte and keeps it across chunks', () => {
  const aligner = new TsPacketAligner();
  const joined = clip.subarray(12_345);
  const out: Uint8Array[] = [];
  for (let at = 0; at < joined.length; at += 777) out.push(aligner.push(joined.subarray(at, at + 777)));
  const packets = Buffer.concat(out);
  expect(packets.length % TS_PACKET_SIZE).toBe(0);
  let misaligned = 0;
  for (let at = 0; at < packets.length; at += TS_PACKET_SIZE) if (packets[at] !== 0x47) misaligned++;
  expect(misaligned).toBe(0);
  // everything from the first whole packet on (the last partial packet of the clip stays carried)
  expect(packets.length).toBeGreaterThan(joined.length - 2 * TS_PACKET_SIZE);
});
