import { afterAll, beforeAll, expect, test } from 'bun:test';
import { connect, type Socket } from 'node:net';
import { waitFor } from '../../tests/harness/wait-for.ts';
import { ConnectionLimit } from '../connection-limit.ts';
import { type RecordingFeed, RecordingPublishGate } from '../recording-publish-gate.ts';
import { type FfmpegClient, publishTestStream } from './ffmpeg-test-publisher.ts';
import { RtmpIngest } from './rtmp-ingest.ts';
import {
  c0c1,
  c2,
  chunkedMessage,
  connectCommand,
  HANDSHAKE_SIZE,
  publishCommand,
} from './rtmp-test-bytes.ts';

/**
 * One good publisher streams the whole time (from 127.0.0.1) while hostile peers (from
 * 127.0.0.2, all of loopback is ours) misbehave: each must end in a log line and a closed
 * connection, never a crash, and the good stream must keep flowing.
 */
const KEY = 'sk_hostile_suite_good_key';
const HOSTILE_IP = '127.0.0.2';
const handshakeTimeoutMs = 1_000;
const idleTimeoutMs = 1_500;

const HOSTILE_KEY = 'sk_hostile_publisher_key';
const SILENT_KEY = 'sk_silent_publisher_key';
const gate = new RecordingPublishGate([
  { streamKey: KEY, name: 'good' },
  { streamKey: HOSTILE_KEY, name: 'hostile' },
  { streamKey: SILENT_KEY, name: 'silent' },
]);
const limit = new ConnectionLimit({ perIp: 4 });
const logs: { msg: string; fields?: Record<string, unknown> }[] = [];
const ingest = new RtmpIngest({
  port: 0,
  host: '127.0.0.1',
  gate,
  limit,
  handshakeTimeoutMs,
  idleTimeoutMs,
  log: (_level, msg, fields) => logs.push({ msg, fields }),
});
let publisher: FfmpegClient;
let feed: RecordingFeed;

beforeAll(async () => {
  await ingest.start();
  publisher = publishTestStream(`rtmp://127.0.0.1:${ingest.port}/live/${KEY}`, 60);
  feed = await waitFor(() => gate.feedFor('good'), 20_000, 'the good publish');
  await waitFor(() => feed.bytes > 0, 20_000, 'good media');
}, 30_000);

afterAll(async () => {
  await publisher[Symbol.asyncDispose]();
  await ingest.close();
});

async function goodStreamKeepsFlowing(): Promise<void> {
  const before = feed.bytes;
  await waitFor(() => feed.bytes > before + 5_000, 20_000, 'the good stream to keep delivering');
  expect(feed.endReason).toBeUndefined();
}

interface HostilePeer {
  socket: Socket;
  received: () => number;
  closed: Promise<number>;
}

async function hostilePeer(): Promise<HostilePeer> {
  const socket = connect({ host: '127.0.0.1', port: ingest.port, localAddress: HOSTILE_IP });
  let received = 0;
  socket.on('data', (data) => {
    received += data.length;
  });
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now())));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, received: () => received, closed };
}

async function handshaken(): Promise<HostilePeer> {
  const peer = await hostilePeer();
  peer.socket.write(c0c1());
  await waitFor(() => peer.received() >= 1 + 2 * HANDSHAKE_SIZE, 20_000, 'S0 S1 S2');
  peer.socket.write(c2());
  return peer;
}

const droppedFor = (pattern: RegExp) =>
  logs.some(
    (line) => line.msg === 'rtmp connection dropped: bad input' && pattern.test(String(line.fields?.reason)),
  );

test('garbage bytes: dropped at the first byte, with a log line', async () => {
  const peer = await hostilePeer();
  const garbage = Buffer.alloc(64 * 1024, 0x5a);
  peer.socket.write(garbage);
  await peer.closed;
  expect(droppedFor(/not an RTMP handshake \(version byte 0x5a\)/)).toBe(true);
  await goodStreamKeepsFlowing();
}, 30_000);

test('garbage after a valid handshake: dropped, whatever the parser makes of it', async () => {
  const peer = await handshaken();
  let seed = 7;
  const garbage = Buffer.from(
    Array.from({ length: 32 * 1024 }, () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed & 0xff;
    }),
  );
  peer.socket.write(garbage);
  await peer.closed; // bad input, or the handshake deadline: never a publish
  console.log(`rtmp: garbage after handshake: ${JSON.stringify(logs.at(-1))}`);
  expect(gate.opened).toHaveLength(1);
  await goodStreamKeepsFlowing();
}, 30_000);

test('a handshake that never completes is timed out', async () => {
  const peer = await hostilePeer();
  const openedAt = performance.now();
  peer.socket.write(c0c1().subarray(0, 100));
  const closedAt = await peer.closed;
  expect(closedAt - openedAt).toBeGreaterThanOrEqual(handshakeTimeoutMs - 50);
  expect(
    logs.some((line) => line.fields?.reason === `no authorised publish within ${handshakeTimeoutMs} ms`),
  ).toBe(true);
  await goodStreamKeepsFlowing();
}, 30_000);

test('an oversized message is refused before it is buffered', async () => {
  const peer = await handshaken();
  peer.socket.write(connectCommand('live'));
  peer.socket.write(chunkedMessage({ cid: 6, type: 9, payload: Buffer.alloc(64), length: 0xffffff }));
  await peer.closed;
  expect(droppedFor(/16777215 bytes \(type 9\) is over the 65536 limit before an authorised publish/)).toBe(
    true,
  );
  await goodStreamKeepsFlowing();
}, 30_000);

test('an oversized message from an authorised publisher drops it and ends its feed', async () => {
  const peer = await handshaken();
  peer.socket.write(Buffer.concat([connectCommand('live'), publishCommand(HOSTILE_KEY)]));
  const hostileFeed = await waitFor(() => gate.feedFor('hostile'), 20_000, 'the hostile publish');
  peer.socket.write(
    chunkedMessage({ cid: 6, type: 9, payload: Buffer.alloc(64), length: 0xffffff, streamId: 1 }),
  );
  await peer.closed;
  expect(hostileFeed.endReason).toBe(
    'bad input: message of 16777215 bytes (type 9) is over the 8388608 limit',
  );
  await goodStreamKeepsFlowing();
}, 30_000);

test('a publisher that goes silent is dropped and its feed ends', async () => {
  const peer = await handshaken();
  peer.socket.write(Buffer.concat([connectCommand('live'), publishCommand(SILENT_KEY)]));
  const silentFeed = await waitFor(() => gate.feedFor('silent'), 20_000, 'the silent publish');
  const publishedAt = performance.now();
  const closedAt = await peer.closed;
  expect(closedAt - publishedAt).toBeGreaterThanOrEqual(idleTimeoutMs - 50);
  expect(silentFeed.endReason).toBe(`no data for ${idleTimeoutMs} ms`);
  await goodStreamKeepsFlowing();
}, 30_000);

test('a connection flood from one IP is capped at accept', async () => {
  const peers = await Promise.all(Array.from({ length: 30 }, () => hostilePeer()));
  // the server closes all but the per-IP limit at once
  await waitFor(() => limit.refused >= 26, 20_000, 'refusals');
  expect(limit.openFrom(HOSTILE_IP)).toBeLessThanOrEqual(4);
  expect(logs.some((line) => line.msg === 'rtmp connections refused: per-IP connection limit')).toBe(true);
  await goodStreamKeepsFlowing();
  for (const peer of peers) peer.socket.destroy();
  await Promise.all(peers.map((peer) => peer.closed));
  await waitFor(() => limit.openFrom(HOSTILE_IP) === 0, 20_000, 'the flood slots to be released');
}, 30_000);
