import { expect, test } from 'bun:test';
import { parseProgress } from '../ffmpeg/progress.ts';
import { FlowWatchdog } from './flow-watchdog.ts';
import { PushProgress } from './push-progress.ts';

const liveWindowMs = 3000;
const stallTimeoutMs = 10_000;

/** A watchdog on a real PushProgress, driven by a fake clock (plain numbers). */
function setup() {
  const progress = new PushProgress();
  const watchdog = new FlowWatchdog({ progress, liveWindowMs, stallTimeoutMs });
  let bytes = 0;
  let outTimeUs = 0;
  return {
    progress,
    watchdog,
    /** The stream sends a chunk every 100 ms over [fromMs, toMs]. */
    send(fromMs: number, toMs: number) {
      for (let at = fromMs; at <= toMs; at += 100) watchdog.input(at);
    },
    /** FFmpeg prints a progress block at `atMs`; `moved`: bytes and media time grew. */
    progressBlock(atMs: number, moved = true) {
      if (moved) {
        bytes += 50_000;
        outTimeUs += 500_000;
      }
      const [block] = parseProgress(`total_size=${bytes}\nout_time_us=${outTimeUs}\nprogress=continue\n`);
      if (!block) throw new Error('no progress block');
      progress.record(block, atMs);
    },
  };
}

test('output that never moves while the stream sends is a stall after the timeout, reported once a session', () => {
  const { watchdog, send } = setup();
  watchdog.sessionStarted(0);
  send(0, 9900);
  expect(watchdog.check(9900, false)).toEqual({});
  send(10_000, 10_100);
  expect(watchdog.check(10_100, false)).toEqual({
    stalled: 'stalled: nothing went out for 10.1 s while the stream was sending',
  });
  // the kill is on its way: no second report for the same session
  send(10_200, 10_600);
  expect(watchdog.check(10_600, false)).toEqual({});
  // the next session gets its own full timeout
  watchdog.sessionStarted(11_000);
  send(10_700, 21_000);
  expect(watchdog.check(21_000, false)).toEqual({});
  send(21_100, 21_100);
  expect(watchdog.check(21_100, false).stalled).toBe(
    'stalled: nothing went out for 10.1 s while the stream was sending',
  );
});

test('a stream that sends nothing stalls nobody; when it comes back it gets the full timeout', () => {
  const { watchdog, send } = setup();
  watchdog.sessionStarted(0);
  expect(watchdog.check(30_000, false)).toEqual({});
  // quiet for longer than the live window: the stall clock restarts when it resumes
  send(30_000, 39_900);
  expect(watchdog.check(39_900, false)).toEqual({});
  send(40_000, 40_100);
  expect(watchdog.check(40_100, false).stalled).toContain('10.1 s');
});

test('a pause shorter than the live window does not restart the stall clock', () => {
  const { watchdog, send } = setup();
  watchdog.sessionStarted(0);
  send(0, 5000);
  send(7000, 10_100); // 2 s without bytes: still "sending"
  expect(watchdog.check(10_100, false).stalled).toContain('10.1 s');
});

test('output moving holds the stall off; the quiet time counts from its last move', () => {
  const { watchdog, send, progressBlock } = setup();
  watchdog.sessionStarted(0);
  progressBlock(0); // the first block is only a baseline
  for (let at = 500; at <= 20_000; at += 500) {
    send(at - 400, at);
    progressBlock(at);
    expect(watchdog.check(at, true)).toEqual({});
  }
  // FFmpeg still prints, but the numbers stand still (a target that stopped reading)
  for (let at = 20_500; at <= 30_000; at += 500) progressBlock(at, false);
  send(20_500, 30_000);
  expect(watchdog.check(30_000, false)).toEqual({});
  send(30_100, 30_100);
  expect(watchdog.check(30_100, false).stalled).toContain('10.1 s');
});

test('live until the output stops; the reason says whether the stream or the target went quiet', () => {
  const target = setup();
  target.watchdog.sessionStarted(0);
  for (let at = 0; at <= 2000; at += 500) target.progressBlock(at);
  target.send(0, 5000);
  expect(target.watchdog.check(5000, true)).toEqual({});
  target.send(5100, 5100);
  expect(target.watchdog.check(5100, true)).toEqual({ notLive: 'nothing went out for 3.1 s' });
  // not in the live state: nothing to take back
  expect(target.watchdog.check(5100, false)).toEqual({});

  const stream = setup();
  stream.watchdog.sessionStarted(0);
  for (let at = 0; at <= 2000; at += 500) stream.progressBlock(at);
  stream.send(0, 2000);
  expect(stream.watchdog.check(5100, true)).toEqual({ notLive: 'the stream sends nothing' });
});
