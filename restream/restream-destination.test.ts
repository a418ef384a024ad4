import { afterAll, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RestreamState } from '../defs/destination.ts';
import { ValidationError } from '../defs/errors.ts';
import { waitFor } from '../tests/harness/wait-for.ts';
import { RestreamDestination } from './restream-destination.ts';
import type { RestreamStateInfo } from './restream-state.ts';
import {
  destinationFfmpegPids,
  freeTcpPort,
  probeCodecs,
  startRtmpReceiver,
  startRtspReceiver,
  startTestTsSource,
} from './restream-test-sinks.ts';

const scratch = mkdtempSync(join(tmpdir(), 'tw-restream-dest-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const quickRetry = { initialDelayMs: 200, maxDelayMs: 1000, jitter: 0.2 };

function recorder() {
  const lines: string[] = [];
  const states: { state: RestreamState; previous: RestreamState; info: RestreamStateInfo }[] = [];
  return {
    lines,
    states,
    log: (level: string, msg: string, fields?: Record<string, unknown>) =>
      lines.push(`${level} ${msg} ${JSON.stringify(fields)}`),
    onState: (state: RestreamState, previous: RestreamState, info: RestreamStateInfo) =>
      states.push({ state, previous, info }),
  };
}

test('RTMP: live only while bytes go out; a lost receiver means retrying, its return live again; the key is never shown', async () => {
  const key = 'sk_live_SECRETKEY_0123456789';
  const port = await freeTcpPort();
  let receiver = startRtmpReceiver(port, `live/${key}`, join(scratch, 'first.flv'));
  const seen = recorder();
  const destination = new RestreamDestination({
    id: 'youtube',
    streamId: 'stream-1',
    url: `rtmp://127.0.0.1:${port}/live/${key}`,
    restart: quickRetry,
    log: seen.log,
    onState: seen.onState,
  });
  expect(destination.maskedUrl).toBe(`rtmp://127.0.0.1:${port}/live/sk_l****89`);
  const source = startTestTsSource((bytes) => destination.write(bytes), 50);
  try {
    destination.start();
    expect(destination.state).toBe('connecting');
    await waitFor(() => destination.state === 'live', 20_000, 'the destination to go live');
    const out = () => destination.status().bytesOut ?? 0;
    const before = out();
    await waitFor(() => out() > before + 20_000, 10_000, 'bytes to keep flowing');
    expect(destination.status().bitrateKbps).toBeGreaterThan(50);
    expect(destination.status().uptimeMs).toBeGreaterThan(0);

    await receiver.stop();
    await waitFor(() => destination.state === 'retrying', 20_000, 'the loss to be noticed');
    expect(destination.lastError).toBeTruthy();
    expect(destination.status().uptimeMs).toBe(0);

    const second = join(scratch, 'second.flv');
    receiver = startRtmpReceiver(port, `live/${key}`, second);
    await waitFor(() => destination.state === 'live', 20_000, 'the destination to come back on its own');
    expect(destination.status().reconnects).toBeGreaterThan(0);
    await waitFor(
      () => existsSync(second) && Bun.file(second).size > 50_000,
      10_000,
      'media at the receiver',
    );

    await source.stop();
    await destination.sourceEnded();
    expect(destination.state).toBe('idle');
    expect(destinationFfmpegPids()).toEqual([]);
    await receiver.proc.exited;
    expect(probeCodecs(second)).toEqual(new Set(['h264', 'aac']));

    const order = seen.states.map((s) => s.state);
    expect(order.slice(0, 2)).toEqual(['connecting', 'live']);
    expect(order).toContain('retrying');
    expect(order.at(-1)).toBe('idle');
    // the key appears nowhere we show: logs, state info, status, event log, FFmpeg's stderr
    const shown = JSON.stringify([
      seen.lines,
      seen.states,
      destination.status(),
      destination.recentLog(),
      destination.ffmpegStderr(),
    ]);
    expect(shown).not.toContain(key);
    expect(shown).toContain('sk_l****89');
  } finally {
    await source.stop();
    await receiver.stop();
    await destination.close();
  }
}, 60_000);

test('a target that refuses: retries with backoff, then failed with the reason after maxAttempts', async () => {
  const key = 'refused_KEY_abcdef';
  const port = await freeTcpPort(); // nothing listens there
  const seen = recorder();
  const destination = new RestreamDestination({
    id: 'twitch',
    url: `rtmp://127.0.0.1:${port}/app/${key}`,
    restart: { ...quickRetry, maxAttempts: 3 },
    onState: seen.onState,
    log: seen.log,
  });
  const source = startTestTsSource((bytes) => destination.write(bytes), 30);
  try {
    destination.start();
    await waitFor(() => destination.state === 'failed', 20_000, 'the destination to give up');
    expect(destination.lastError).toMatch(/Connection refused/);
    expect(destination.lastError).not.toContain(key);
    expect(seen.states.filter((s) => s.state === 'retrying').length).toBe(2);
    expect(seen.states.at(-1)?.info.lastError).toMatch(/Connection refused/);
    expect(destination.status().reconnects).toBe(2);
    expect(destinationFfmpegPids()).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain(key);
  } finally {
    await source.stop();
    await destination.close();
  }
}, 40_000);

test('RTSP: pushed over TCP with the audio re-encoded; the receiver gets H.264 and AAC', async () => {
  const port = await freeTcpPort();
  const file = join(scratch, 'rtsp.ts');
  const receiver = startRtspReceiver(port, 'live/cam', file);
  const destination = new RestreamDestination({
    id: 'rtsp',
    url: `rtsp://127.0.0.1:${port}/live/cam`,
    restart: quickRetry,
  });
  const source = startTestTsSource((bytes) => destination.write(bytes), 30);
  try {
    destination.start();
    await waitFor(() => destination.state === 'live', 20_000, 'the RTSP push to go live');
    await waitFor(() => existsSync(file) && Bun.file(file).size > 50_000, 10_000, 'media at the receiver');
    await source.stop();
    await destination.sourceEnded();
    await receiver.proc.exited;
    expect(probeCodecs(file)).toEqual(new Set(['h264', 'aac']));
  } finally {
    await source.stop();
    await receiver.stop();
    await destination.close();
  }
}, 40_000);

test('an invalid URL or profile is refused at construction, without starting anything', () => {
  expect(() => new RestreamDestination({ id: 'x', url: 'file:///etc/passwd' })).toThrow(ValidationError);
  expect(
    () => new RestreamDestination({ id: 'x', url: 'rtmp://h/app/k', encode: { videoBitrateKbps: 1 } }),
  ).toThrow(ValidationError);
});
