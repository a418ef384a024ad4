import { expect, test } from 'bun:test';
import { startTestPublisher } from '../../tests/harness/test-publisher.ts';
import { waitFor } from '../../tests/harness/wait-for.ts';
import { ConnectionLimit } from '../connection-limit.ts';
import { RecordingPublishGate } from '../recording-publish-gate.ts';
import { SrtIngest } from './srt-ingest.ts';

/** srt-live-transmit (the libsrt project's own relay) as the publisher: UDP MPEG-TS in, SRT caller out. */

const KEY = 'sk_gamma_0123456789';
const LATENCY_MS = 40;

async function freeUdpPort(): Promise<number> {
  const probe = await Bun.udpSocket({ hostname: '127.0.0.1' });
  const { port } = probe;
  probe.close();
  return port;
}

async function startRelay() {
  const gate = new RecordingPublishGate([{ streamKey: KEY, name: 'gamma', latencyMs: LATENCY_MS }]);
  const ingest = new SrtIngest({
    port: 0,
    host: '127.0.0.1',
    gate,
    limit: new ConnectionLimit({ perIp: 4 }),
    keys: () => gate.srtKeys(),
    statsIntervalMs: 200,
  });
  await ingest.start();
  const udpPort = await freeUdpPort();
  const relay = Bun.spawn(
    [
      'srt-live-transmit',
      '-q',
      '-a:no', // one connection: exit when it ends
      `udp://:${udpPort}`,
      `srt://127.0.0.1:${ingest.port}?streamid=#!::r=${KEY},m=publish&latency=${LATENCY_MS}`,
    ],
    { stdin: 'ignore', stdout: 'ignore', stderr: 'pipe' },
  );
  const feed = await waitFor(() => gate.feedFor('gamma'), 20_000, 'srt-live-transmit to connect');
  return {
    udpPort,
    feed,
    gate,
    async [Symbol.asyncDispose]() {
      relay.kill();
      await relay.exited;
      await ingest.close();
    },
  };
}

test('srt-live-transmit relays ffmpeg UDP MPEG-TS with an access-control stream id', async () => {
  await using relay = await startRelay();
  await using _ffmpeg = startTestPublisher({
    output: ['-f', 'mpegts', `udp://127.0.0.1:${relay.udpPort}?pkt_size=1316`],
  });
  await waitFor(() => relay.feed.bytes > 100_000, 20_000, 'media through srt-live-transmit');
  expect(relay.gate.opened[0]).toMatchObject({ protocol: 'srt', streamKey: KEY, container: 'mpegts' });
  expect(relay.feed.concat()[0]).toBe(0x47);
}, 60_000);

/**
 * Send -> feed.write latency: numbered TS datagrams go into srt-live-transmit over UDP;
 * each is timed from our send to the feed.write that carries it. SRT holds every
 * packet for the negotiated latency (TSBPD), so what is left above it is the relay's
 * hop plus our poll.
 */
test('a TS packet reaches feed.write within the SRT latency plus a few ms', async () => {
  await using relay = await startRelay();
  const sender = await Bun.udpSocket({ hostname: '127.0.0.1' });
  const sentAt = new Map<number, number>();
  const datagram = new Uint8Array(1316);
  for (let i = 0; i < 7; i++) datagram.set([0x47, 0x1f, 0xff, 0x10], i * 188); // null-PID packets
  const view = new DataView(datagram.buffer);
  try {
    for (let sequence = 1; sequence <= 150; sequence++) {
      view.setUint32(4, sequence);
      sentAt.set(sequence, performance.now());
      sender.send(datagram, relay.udpPort, '127.0.0.1');
      await Bun.sleep(10);
    }
    await waitFor(() => relay.feed.bytes >= 150 * 1316 * 0.95, 20_000, 'the numbered packets');
  } finally {
    sender.close();
  }
  const delays: number[] = [];
  relay.feed.chunks.forEach((chunk, index) => {
    const chunkView = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let offset = 0; offset + 1316 <= chunk.length; offset += 1316) {
      const sent = sentAt.get(chunkView.getUint32(offset + 4));
      if (sent !== undefined) delays.push((relay.feed.writeTimes[index] ?? 0) - sent);
    }
  });
  delays.sort((a, b) => a - b);
  const at = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))] ?? 0;
  const latency = relay.feed.latestStats?.latencyMs ?? LATENCY_MS;
  console.log(
    `SRT send -> feed.write over srt-live-transmit, latency ${latency} ms: ` +
      `min ${at(0).toFixed(1)} / median ${at(0.5).toFixed(1)} / p95 ${at(0.95).toFixed(1)} ms`,
  );
  expect(delays.length).toBeGreaterThan(140);
  expect(at(0)).toBeGreaterThanOrEqual(latency - 5); // TSBPD held it
  expect(at(0.5)).toBeLessThan(latency + 40);
}, 60_000);
