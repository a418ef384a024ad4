/**
 * Previews on request, with real FFmpeg: the bytes are a real fMP4 (init + keyframe-led
 * fragments) and every decode is a real FFmpeg process. The packager is a stand-in holding
 * those bytes in the shape Thumbnails reads (the newest segment's first part).
 */
import { beforeAll, describe, expect, test } from 'bun:test';
import { Fmp4StreamReader } from '../fmp4/fmp4-stream-reader.ts';
import type { LivePackager } from './live-packager.ts';
import { Thumbnails } from './thumbnails.ts';

let init: Uint8Array;
let keyframes: Uint8Array[];

beforeAll(async () => {
  // Two GOPs of 0.5 s, one fragment per GOP: each fragment starts with a keyframe.
  const proc = Bun.spawn(
    [
      'ffmpeg',
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240:rate=10',
      '-t',
      '1',
      '-c:v',
      'libx264',
      '-g',
      '5',
      '-f',
      'mp4',
      '-movflags',
      'frag_keyframe+empty_moov+default_base_moof',
      'pipe:1',
    ],
    { stdout: 'pipe', stderr: 'inherit' },
  );
  const bytes = new Uint8Array(await new Response(proc.stdout).arrayBuffer());
  expect(await proc.exited).toBe(0);
  const items = [...new Fmp4StreamReader().push(bytes)];
  init = (items.find((i) => i.kind === 'init') as { bytes: Uint8Array }).bytes;
  keyframes = items.filter((i) => i.kind === 'chunk').map((i) => i.bytes);
  expect(keyframes.length).toBeGreaterThanOrEqual(2);
});

/** A live stream whose newest segment is `msn`, led by keyframe fragment `frame`. */
function stream(state: { msn: number; frame: number }) {
  const timeline = {
    get segments() {
      return [
        {
          msn: state.msn,
          initVersion: 0,
          programDateTimeMs: 1000 * state.msn,
          parts: [{ independent: true, bytes: keyframes[state.frame] }],
        },
      ];
    },
    initFor: () => ({ bytes: init }),
  };
  return { trackIds: ['video'], tracks: { video: timeline } } as unknown as LivePackager;
}

function thumbnails(live: Map<string, LivePackager>, clock: { now: number }) {
  return new Thumbnails({
    streams: { names: () => [...live.keys()], get: (name) => live.get(name) },
    intervalMs: 5000,
    now: () => clock.now,
  });
}

describe('Thumbnails', () => {
  test('the first request waits for a JPEG; requests within the interval get the same image', async () => {
    const live = new Map([['demo', stream({ msn: 3, frame: 0 })]]);
    const clock = { now: 0 };
    const previews = thumbnails(live, clock);
    const [a, b] = await Promise.all([previews.get('demo'), previews.get('demo')]);
    expect(a?.jpeg.subarray(0, 2)).toEqual(new Uint8Array([0xff, 0xd8]));
    expect(a?.msn).toBe(3);
    expect(b).toBe(a as NonNullable<typeof a>);
    clock.now = 4999;
    expect(await previews.get('demo')).toBe(a as NonNullable<typeof a>);
  });

  test('a stale preview is served at once while a newer segment is decoded for the next request', async () => {
    const state = { msn: 3, frame: 0 };
    const live = new Map([['demo', stream(state)]]);
    const clock = { now: 0 };
    const previews = thumbnails(live, clock);
    const first = await previews.get('demo');
    state.msn = 4;
    state.frame = 1;
    clock.now = 6000;
    expect(await previews.get('demo')).toBe(first as NonNullable<typeof first>);
    let next = await previews.get('demo');
    for (let i = 0; i < 100 && next?.msn !== 4; i++) {
      await Bun.sleep(50);
      next = await previews.get('demo');
    }
    expect(next?.msn).toBe(4);
    expect(next?.jpeg).not.toEqual(first?.jpeg as Uint8Array);
  });

  test('no preview for a stream that is not live, and none kept after it ends', async () => {
    const live = new Map([['demo', stream({ msn: 1, frame: 0 })]]);
    const previews = thumbnails(live, { now: 0 });
    expect(await previews.get('nothing')).toBeUndefined();
    expect(await previews.get('demo')).toBeDefined();
    live.delete('demo');
    expect(await previews.get('demo')).toBeUndefined();
  });

  test('after stop, no decode starts', async () => {
    const live = new Map([['demo', stream({ msn: 1, frame: 0 })]]);
    const previews = thumbnails(live, { now: 0 });
    previews.stop();
    expect(await previews.get('demo')).toBeUndefined();
  });
});
