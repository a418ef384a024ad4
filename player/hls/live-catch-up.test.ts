import { expect, test } from 'bun:test';
import { catchUpRate, LiveCatchUp, startupJump } from './live-catch-up.ts';

const at = (latency: number, bufferAhead = 1, target = 0.6) => ({ latency, target, bufferAhead });

test('behind the target it speeds up in proportion, never past 1.1x', () => {
  expect(catchUpRate(1, at(0.8))).toBe(1.05);
  expect(catchUpRate(1, at(1.0))).toBe(1.1);
  expect(catchUpRate(1, at(2.5))).toBe(1.1);
});

test('a viewer joining 0.6 s late (what hls.js leaves alone under 1 s of buffer) is caught up', () => {
  // hls.js's own rule needs > 1 s ahead; ours needs 0.3 s.
  expect(catchUpRate(1, at(1.2, 0.5))).toBe(1.1);
});

test('close to the target: plays at 1x, with hysteresis between starting and stopping', () => {
  expect(catchUpRate(1, at(0.68))).toBe(1);
  // Already catching up: goes on until within 30 ms.
  expect(catchUpRate(1.05, at(0.68))).toBe(1.02);
  expect(catchUpRate(1.02, at(0.62))).toBe(1);
  expect(catchUpRate(1, at(0.4))).toBe(1);
});

test('a thin buffer is left at 1x', () => {
  expect(catchUpRate(1, at(1.0, 0.2))).toBe(1);
  expect(catchUpRate(1.1, at(1.0, 0.2))).toBe(1);
});

test('at startup, a player a whole segment behind skips ahead through its buffer to the target', () => {
  // 2.4 s behind a 0.6 s target with 2.26 s buffered: skip 1.8 s, 0.46 s stay ahead.
  expect(startupJump(at(2.4, 2.26))).toBeCloseTo(1.8, 6);
  // Not enough buffered to land with 0.3 s ahead: no skip (rate catch-up does it).
  expect(startupJump(at(2.4, 1.9))).toBe(0);
  // Under a second behind: rate catch-up alone.
  expect(startupJump(at(1.4, 1.3))).toBe(0);
});

/** Just what LiveCatchUp reads and writes of a video element. */
function fakeVideo(currentTime: number, bufferedTo: number) {
  return {
    paused: false,
    seeking: false,
    playbackRate: 1,
    currentTime,
    buffered: { length: 1, start: () => 0, end: () => bufferedTo },
  };
}

function controller(video: ReturnType<typeof fakeVideo>, latency: () => number) {
  let clock = 0;
  const returns: number[] = [];
  const catchUp = new LiveCatchUp({
    video: video as unknown as HTMLVideoElement,
    sample: () => ({ latency: latency(), target: 0.6 }),
    returnToLive: () => returns.push(clock),
    now: () => clock,
  });
  return {
    catchUp,
    returns,
    at(ms: number) {
      clock = ms;
      catchUp.tick();
    },
  };
}

test('stalls left the viewer 4 s behind: back to live at once, not 40 s of 1.1x', () => {
  const video = fakeVideo(100, 104);
  const c = controller(video, () => 4.6);
  c.at(20_000);
  expect(c.returns).toEqual([20_000]);
  expect(video.playbackRate).toBe(1);
  // Not again within 5 s, even if the player is still behind.
  c.at(22_000);
  expect(c.returns).toEqual([20_000]);
  c.at(26_000);
  expect(c.returns).toEqual([20_000, 26_000]);
});

test('a viewer who moved back in a DVR window stays there, until asking for live', () => {
  const video = fakeVideo(100, 104);
  const c = controller(video, () => 30);
  c.catchUp.setTimeShifted(true);
  c.at(20_000);
  expect(c.returns).toEqual([]);
  expect(video.playbackRate).toBe(1);
  c.catchUp.setTimeShifted(false);
  c.at(21_000);
  expect(c.returns).toEqual([21_000]);
});

test('started a segment back: one skip through the buffer to the target, then rate catch-up', () => {
  const video = fakeVideo(100, 102.2);
  let latency = 2.4;
  const c = controller(video, () => latency);
  c.catchUp.start();
  c.at(1000);
  expect(video.currentTime).toBeCloseTo(101.8, 6);
  c.catchUp.stop();
  latency = 1.0;
  c.at(1250);
  expect(video.playbackRate).toBe(1.1);
});
