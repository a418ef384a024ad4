import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FfmpegSupervisor, type SupervisorState } from './supervisor.ts';

// A fake ffmpeg whose behaviour the test scripts through argv, one attempt at a time.
const FAKE_FFMPEG = `#!/bin/bash
case "$1" in
  crash) for i in $(seq 1 "$3"); do echo "fake line $i" >&2; done; exit "$2" ;;
  serve) echo "ready pid $$" >&2; exec sleep 1000 ;;
  stubborn) trap '' TERM; echo "ready pid $$" >&2; while true; do sleep 0.05; done ;;
esac
echo "unknown mode $1" >&2; exit 64
`;

let dir = '';
let fake = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fake-ffmpeg-'));
  fake = join(dir, 'ffmpeg');
  writeFileSync(fake, FAKE_FFMPEG);
  chmodSync(fake, 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function waitFor(condition: () => boolean, what: string, deadlineMs = 5000): Promise<void> {
  const until = performance.now() + deadlineMs;
  while (!condition()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const quickRestart = { initialDelayMs: 40, maxDelayMs: 1000, factor: 2, jitter: 0, maxAttempts: 0 };

describe('FfmpegSupervisor with a fake ffmpeg', () => {
  test('restarts after crashes with growing pauses, then keeps the healthy run', async () => {
    const spawnedAt: number[] = [];
    const states: SupervisorState[] = [];
    await using supervisor = new FfmpegSupervisor({
      name: 'crashy',
      binary: fake,
      args: () => (spawnedAt.length < 3 ? ['crash', '3', '1'] : ['serve']),
      restart: quickRestart,
      onSpawn: () => spawnedAt.push(performance.now()),
      onState: (state) => states.push(state),
    });
    supervisor.start();
    await waitFor(() => supervisor.stderrTail().some((l) => l.startsWith('ready')), 'the healthy attempt');
    expect(supervisor.attempts).toBe(4);
    expect(supervisor.consecutiveFailures).toBe(3);
    expect(supervisor.lastExit?.code).toBe(3);
    const gaps = spawnedAt.slice(1).map((t, i) => t - (spawnedAt[i] ?? 0));
    // lower bounds only: the pause is 40, 80, 160 ms plus the crash's own run time
    expect(gaps[0]).toBeGreaterThanOrEqual(40);
    expect(gaps[1]).toBeGreaterThanOrEqual(80);
    expect(gaps[2]).toBeGreaterThanOrEqual(160);
    // biome-ignore format: one restart cycle per line
    expect(states).toEqual([
      'starting', 'running', 'backoff',
      'starting', 'running', 'backoff',
      'starting', 'running', 'backoff',
      'starting', 'running',
    ]);
  });

  test('gives up after maxAttempts and reports failed', async () => {
    const supervisor = new FfmpegSupervisor({
      name: 'doomed',
      binary: fake,
      args: () => ['crash', '2', '1'],
      restart: { ...quickRestart, initialDelayMs: 1, maxAttempts: 3 },
    });
    supervisor.start();
    await waitFor(() => supervisor.state === 'failed', 'failed');
    expect(supervisor.attempts).toBe(3);
    expect(supervisor.lastExit).toMatchObject({ code: 2, signal: null });
    await supervisor.stop();
    expect(supervisor.state).toBe('stopped');
  });

  test('the stderr ring stays bounded and keeps the newest lines', async () => {
    const supervisor = new FfmpegSupervisor({
      name: 'chatty',
      binary: fake,
      args: () => ['crash', '1', '500'],
      stderrLines: 5,
      restart: { ...quickRestart, maxAttempts: 1 },
    });
    supervisor.start();
    await waitFor(() => supervisor.state === 'failed', 'failed');
    const tail = supervisor.stderrTail();
    expect(tail).toHaveLength(5);
    expect(tail.slice(0, 4)).toEqual(['fake line 497', 'fake line 498', 'fake line 499', 'fake line 500']);
    expect(tail[4]).toMatch(/^--- chatty exited code=1 signal=null after \d+ ms$/);
  });

  test('stop() sends SIGTERM, waits for the exit and leaves no process behind', async () => {
    const supervisor = new FfmpegSupervisor({ name: 'serve', binary: fake, args: () => ['serve'] });
    supervisor.start();
    await waitFor(() => supervisor.stderrTail().some((l) => l.startsWith('ready')), 'ready');
    const pid = supervisor.pid ?? -1;
    expect(isAlive(pid)).toBe(true);
    await supervisor.stop();
    expect(isAlive(pid)).toBe(false);
    expect(supervisor.state).toBe('stopped');
    expect(supervisor.lastExit?.signal).toBe('SIGTERM');
    expect(supervisor.attempts).toBe(1);
  });

  test('stop() escalates to SIGKILL when the child ignores SIGTERM', async () => {
    const supervisor = new FfmpegSupervisor({
      name: 'stubborn',
      binary: fake,
      args: () => ['stubborn'],
      stopTimeoutMs: 150,
    });
    supervisor.start();
    await waitFor(() => supervisor.stderrTail().some((l) => l.startsWith('ready')), 'ready');
    const pid = supervisor.pid ?? -1;
    await supervisor.stop();
    expect(isAlive(pid)).toBe(false);
    expect(supervisor.lastExit?.signal).toBe('SIGKILL');
  });

  test('stop() during the backoff pause cancels the restart', async () => {
    const supervisor = new FfmpegSupervisor({
      name: 'paused',
      binary: fake,
      args: () => ['crash', '1', '0'],
      restart: { ...quickRestart, initialDelayMs: 60_000 },
    });
    supervisor.start();
    await waitFor(() => supervisor.state === 'backoff', 'backoff');
    await supervisor.stop();
    expect(supervisor.state).toBe('stopped');
    expect(supervisor.attempts).toBe(1);
  });

  test('a binary that cannot start is a failed attempt like a crash', async () => {
    const supervisor = new FfmpegSupervisor({
      name: 'missing',
      binary: join(dir, 'no-such-ffmpeg'),
      args: () => [],
      restart: { ...quickRestart, initialDelayMs: 1, maxAttempts: 2 },
    });
    supervisor.start();
    await waitFor(() => supervisor.state === 'failed', 'failed');
    expect(supervisor.attempts).toBe(2);
    expect(supervisor.stderrTail().join('\n')).toContain('spawn failed');
  });

  test('restartOnCleanExit: false treats exit 0 (input ended) as stopped', async () => {
    const supervisor = new FfmpegSupervisor({
      name: 'ends',
      binary: fake,
      args: () => ['crash', '0', '0'],
      restartOnCleanExit: false,
    });
    supervisor.start();
    await waitFor(() => supervisor.state === 'stopped', 'stopped');
    expect(supervisor.lastExit?.code).toBe(0);
    expect(supervisor.attempts).toBe(1);
  });

  test('children are killed when the parent process exits', async () => {
    const script = join(dir, 'parent.ts');
    writeFileSync(
      script,
      `import { FfmpegSupervisor } from ${JSON.stringify(join(import.meta.dir, 'supervisor.ts'))};
const s = new FfmpegSupervisor({ name: 'orphan', binary: ${JSON.stringify(fake)}, args: () => ['serve'] });
s.start();
const until = Date.now() + 5000;
while (!s.stderrTail().some((l) => l.startsWith('ready')) && Date.now() < until) await Bun.sleep(5);
console.log(s.pid);
process.exit(0);
`,
    );
    const parent = Bun.spawn([process.execPath, script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = Number((await new Response(parent.stdout).text()).trim());
    await parent.exited;
    expect(pid).toBeGreaterThan(0);
    // The orphan is reparented to pid 1, which may reap late: a zombie has been killed.
    await waitFor(() => !isAlive(pid) || isZombie(pid), `pid ${pid} to be killed`, 2000);
  });
});
