import { afterAll, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../tests/harness/wait-for.ts';
import { RestreamFanout } from './restream-fanout.ts';
import {
  destinationFfmpegPids,
  freeTcpPort,
  freeUdpPort,
  probeCodecs,
  startRtmpReceiver,
  startSrtListener,
  startStalledTcpListener,
  startTestTsSource,
  startUdpSink,
} from './restream-test-sinks.ts';

const scratch = mkdtempSync(join(tmpdir(), 'tw-restream-fanout-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const quickRetry = { initialDelayMs: 200, maxDelayMs: 1000, jitter: 0.2 };

/** Waits until `read()` has grown by `by` from its value now. */
async function grows(read: () => number, by: number, what: string): Promise<void> {
  const from = read();
  await waitFor(() => read() >= from + by, 10_000, what);
}

test('one stream to RTMP, SRT and UDP: a lost target retries alone and comes back; the end leaves no FFmpeg', async () => {
  const rtmpKey = 'rtmp_SECRET_key_42';
  const passphrase = 'srt-passphrase-SECRET';
  const rtmpPort = await freeTcpPort();
  const srtPort = await freeUdpPort();
  const udp = await startUdpSink();
  let rtmpReceiver = startRtmpReceiver(rtmpPort, `live/${rtmpKey}`, join(scratch, 'rtmp-1.flv'));
  const srtBytes: Uint8Array[] = [];
  const srtListener = startSrtListener(srtPort, passphrase, (bytes) => srtBytes.push(bytes));
  const logs: string[] = [];
  const fanout = new RestreamFanout({
    streamId: 'stream-a',
    defaults: { restart: quickRetry },
    log: (level, msg, fields) => logs.push(`${level} ${msg} ${JSON.stringify(fields)}`),
    onState: (id, state, previous, info) => logs.push(`${id} ${previous}->${state} ${JSON.stringify(info)}`),
  });
  fanout.add({ id: 'rtmp', url: `rtmp://127.0.0.1:${rtmpPort}/live/${rtmpKey}` });
  fanout.add({
    id: 'srt',
    url: `srt://127.0.0.1:${srtPort}?passphrase=${passphrase}&streamid=#!::r=live/x,m=publish&latency=120000`,
  });
  fanout.add({ id: 'udp', url: `udp://127.0.0.1:${udp.port}` });
  const rtmp = fanout.get('rtmp');
  const srt = fanout.get('srt');
  const udpDestination = fanout.get('udp');
  if (!rtmp || !srt || !udpDestination) throw new Error('destinations missing');
  const out = (destination: typeof rtmp) => () => destination.status().bytesOut ?? 0;

  let slowestWriteMs = 0;
  fanout.streamLive();
  const source = startTestTsSource((bytes) => {
    const started = performance.now();
    fanout.write(bytes);
    slowestWriteMs = Math.max(slowestWriteMs, performance.now() - started);
  }, 50);
  try {
    await waitFor(
      () => fanout.list().every((d) => d.state === 'live'),
      20_000,
      'all three destinations to go live',
    );

    await rtmpReceiver.stop();
    await waitFor(
      () => rtmp.state === 'retrying',
      20_000,
      'the RTMP destination to notice its receiver is gone',
    );
    expect(rtmp.lastError).toBeTruthy();
    // the others carry on while RTMP is down
    await grows(out(srt), 50_000, 'SRT to keep flowing');
    await grows(out(udpDestination), 50_000, 'UDP to keep flowing');
    await grows(() => udp.bytes(), 50_000, 'the UDP sink to keep receiving');
    expect(srt.state).toBe('live');
    expect(udpDestination.state).toBe('live');

    const second = join(scratch, 'rtmp-2.flv');
    rtmpReceiver = startRtmpReceiver(rtmpPort, `live/${rtmpKey}`, second);
    await waitFor(() => rtmp.state === 'live', 20_000, 'RTMP to come back on its own');
    await waitFor(
      () => existsSync(second) && Bun.file(second).size > 30_000,
      10_000,
      'media at the new receiver',
    );

    await source.stop();
    await fanout.streamEnded();
    expect(fanout.list().map((d) => d.state)).toEqual(['idle', 'idle', 'idle']);
    expect(destinationFfmpegPids()).toEqual([]);

    await rtmpReceiver.proc.exited;
    expect(probeCodecs(second)).toEqual(new Set(['h264', 'aac']));
    expect(probeCodecs(Buffer.concat(srtBytes))).toEqual(new Set(['h264', 'aac']));
    expect(probeCodecs(udp.received())).toEqual(new Set(['h264', 'aac']));
    // write() hands bytes over without waiting on any destination: a write blocked on a dead
    // receiver's pipe would take the whole outage; a GC pause on a busy machine takes far under 1 s.
    expect(slowestWriteMs).toBeLessThan(1000);

    const shown = JSON.stringify([logs, fanout.statuses(), fanout.list().map((d) => d.recentLog())]);
    expect(shown).not.toContain(rtmpKey);
    expect(shown).not.toContain(passphrase);
  } finally {
    await source.stop();
    await fanout.close();
    await rtmpReceiver.stop();
    await srtListener.stop();
    udp.close();
  }
}, 60_000);

test('a target that accepts and never reads stalls only itself, within its memory bound, and is retried', async () => {
  const stalled = await startStalledTcpListener();
  const udp = await startUdpSink();
  const maxPendingBytes = 64 * 1024;
  const fanout = new RestreamFanout({
    streamId: 'stream-b',
    defaults: { restart: quickRetry, maxPendingBytes, stallTimeoutMs: 6000 },
  });
  const hung = fanout.add({ id: 'hung', url: `rtmp://127.0.0.1:${stalled.port}/live/key_hung_1234` });
  const healthy = fanout.add({ id: 'udp', url: `udp://127.0.0.1:${udp.port}` });
  let mostPending = 0;
  const sampler = setInterval(() => {
    mostPending = Math.max(mostPending, hung.status().pendingBytes);
  }, 50);
  fanout.streamLive();
  const source = startTestTsSource((bytes) => {
    fanout.write(bytes);
    mostPending = Math.max(mostPending, hung.status().pendingBytes);
  }, 40);
  try {
    await waitFor(() => healthy.state === 'live', 20_000, 'the healthy destination to go live');
    await waitFor(() => hung.status().droppedBytes > 0, 20_000, 'the stalled destination to drop');
    await waitFor(() => hung.lastError?.startsWith('stalled'), 20_000, 'the stall to be detected');
    await waitFor(() => hung.status().reconnects >= 1, 20_000, 'the stalled destination to be retried');
    await grows(() => healthy.status().bytesOut ?? 0, 100_000, 'the healthy destination to keep flowing');
    await grows(() => udp.bytes(), 100_000, 'the UDP sink to keep receiving');
    expect(healthy.state).toBe('live');
    expect(hung.state).not.toBe('live');
    expect(mostPending).toBeLessThanOrEqual(maxPendingBytes);
    expect(healthy.status().droppedBytes).toBe(0);

    await source.stop();
    await fanout.streamEnded();
    expect(destinationFfmpegPids()).toEqual([]);
  } finally {
    clearInterval(sampler);
    await source.stop();
    await fanout.close();
    await stalled.close();
    udp.close();
  }
}, 60_000);

test('add/remove/get/list; a destination added while live starts at once; duplicates are refused', async () => {
  const udp = await startUdpSink();
  await using fanout = new RestreamFanout({ streamId: 'stream-c', defaults: { restart: quickRetry } });
  fanout.add({ id: 'off', url: `udp://127.0.0.1:${udp.port}`, enabled: false });
  expect(() => fanout.add({ id: 'off', url: 'udp://127.0.0.1:9' })).toThrow(/already has a destination off/);
  expect(() => fanout.add({ id: 'bad', url: 'file:///etc/passwd' })).toThrow(/must start with/);
  expect(fanout.list().map((d) => d.id)).toEqual(['off']);
  fanout.streamLive();
  expect(fanout.get('off')?.state).toBe('idle');
  const late = fanout.add({ id: 'late', url: `udp://127.0.0.1:${udp.port}` });
  expect(late.state).toBe('connecting');
  expect(await fanout.remove('late')).toBe(true);
  expect(await fanout.remove('late')).toBe(false);
  expect(late.state).toBe('stopped');
  expect(fanout.list().map((d) => d.id)).toEqual(['off']);
  expect(destinationFfmpegPids()).toEqual([]);

  // the stream ends and is live again before the old sessions are gone: they start again
  const again = fanout.add({ id: 'again', url: `udp://127.0.0.1:${udp.port}` });
  expect(again.state).toBe('connecting');
  const ended = fanout.streamEnded();
  fanout.streamLive();
  await ended;
  await waitFor(() => again.state === 'connecting' && again.pid !== undefined, 10_000, 'a new session');
  expect(destinationFfmpegPids()).toEqual([again.pid as number]);
  await fanout.close();
  expect(again.state).toBe('stopped');
  expect(destinationFfmpegPids()).toEqual([]);
  udp.close();
});
