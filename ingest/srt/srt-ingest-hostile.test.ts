import { expect, test } from 'bun:test';
import { randomBytes } from 'node:crypto';
import { startTestPublisher } from '../../tests/harness/test-publisher.ts';
import { waitFor } from '../../tests/harness/wait-for.ts';
import { ConnectionLimit } from '../connection-limit.ts';
import { RecordingPublishGate } from '../recording-publish-gate.ts';
import { SrtCaller } from './srt-caller.ts';
import { SrtIngest } from './srt-ingest.ts';

/**
 * Hostile input at a listener that carries a good stream: garbage datagrams,
 * handshakes that never complete, a flood of connections from one address, unknown
 * keys and malformed stream ids. The listener must survive, log, and keep the good
 * stream flowing.
 */

interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

/**
 * An SRT handshake control packet (SRT RFC draft, section 3.2.1):
 *   header: 0x80000000 (control, HANDSHAKE) | type-specific 0 | timestamp | destination socket 0
 *   CIF:    version | encryption<<16 | extension | ISN | MTU | flow window | handshake type
 *           | socket id | SYN cookie | peer IP (16 bytes)
 */
function handshakePacket(kind: 'induction' | 'conclusion', socketId: number, cookie = 0): Uint8Array {
  const packet = new Uint8Array(64);
  const view = new DataView(packet.buffer);
  view.setUint32(0, 0x80000000);
  view.setUint32(16, kind === 'induction' ? 4 : 5); // HSv4 induction, HSv5 conclusion
  view.setUint16(22, kind === 'induction' ? 2 : 0); // extension field: 2 asks for HSv5
  view.setUint32(24, socketId & 0x7fffffff); // initial sequence number
  view.setUint32(28, 1500);
  view.setUint32(32, 8192);
  view.setInt32(36, kind === 'induction' ? 1 : -1);
  view.setUint32(40, socketId);
  view.setUint32(44, cookie);
  packet.set([127, 0, 0, 1], 48);
  return packet;
}

async function startGoodStream(perIp: number) {
  const gate = new RecordingPublishGate([
    { streamKey: 'sk_good_0123456789', name: 'good' },
    { streamKey: 'sk_other_0123456789', name: 'other' },
  ]);
  const logs: LogLine[] = [];
  const limit = new ConnectionLimit({ perIp });
  const ingest = new SrtIngest({
    port: 0,
    host: '127.0.0.1',
    gate,
    limit,
    keys: () => gate.srtKeys(),
    log: (level, message, fields) => logs.push({ level, message, fields }),
  });
  await ingest.start();
  const publisher = startTestPublisher({
    output: ['-f', 'mpegts', `srt://127.0.0.1:${ingest.port}?streamid=publish:sk_good_0123456789`],
  });
  const feed = await waitFor(() => gate.feedFor('good'), 20_000, 'the good feed');
  await waitFor(() => feed.bytes > 20_000, 20_000, 'the good stream to flow');
  return {
    ingest,
    gate,
    logs,
    limit,
    feed,
    /** The good stream receives this many more bytes within the deadline. */
    async keepsFlowing(moreBytes: number) {
      const from = feed.bytes;
      await waitFor(() => feed.bytes >= from + moreBytes, 20_000, 'the good stream to keep flowing');
      expect(feed.endReason).toBeUndefined();
    },
    async [Symbol.asyncDispose]() {
      publisher.kill();
      await publisher.exited;
      await ingest.close();
    },
  };
}

test('garbage datagrams and half-open handshakes: the listener survives and the good stream flows', async () => {
  await using good = await startGoodStream(8);
  const replies: Uint8Array[] = [];
  const attacker = await Bun.udpSocket({
    hostname: '127.0.0.1',
    socket: { data: (_socket, data) => void replies.push(data.slice()) },
  });
  try {
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 100; i++) {
        const noise = randomBytes(1 + Math.floor(Math.random() * 1500));
        if (i % 3 === 0) noise[0] = (noise[0] ?? 0) | 0x80; // control packets of random types
        attacker.send(noise, good.ingest.port, '127.0.0.1');
      }
      // Half-open: inductions never concluded, and conclusions carrying a cookie libsrt never issued.
      for (let i = 0; i < 10; i++) {
        attacker.send(handshakePacket('induction', 1000 + round * 10 + i), good.ingest.port, '127.0.0.1');
        attacker.send(
          handshakePacket('conclusion', 5000 + round * 10 + i, 0xdeadbeef),
          good.ingest.port,
          '127.0.0.1',
        );
      }
      await Bun.sleep(10);
    }
    // The inductions reached libsrt's handshake path: it answered with HSv5 and a SYN cookie.
    const inductionReplies = await waitFor(
      () => {
        const found = replies.filter(
          (reply) => reply.length >= 64 && new DataView(reply.buffer).getUint32(16) === 5,
        );
        return found.length > 0 && found;
      },
      20_000,
      'induction responses',
    );
    expect(new DataView(inductionReplies[0]?.buffer ?? new ArrayBuffer(64)).getUint32(44)).not.toBe(0);
  } finally {
    attacker.close();
  }

  await good.keepsFlowing(50_000);
  expect(good.gate.opened).toHaveLength(1); // nothing half-open was ever handed over
}, 60_000);

test('unknown keys, request modes and malformed stream ids are refused while the good stream flows', async () => {
  await using good = await startGoodStream(8);
  const outcomes = await Promise.all(
    [
      'publish:sk_unknown_0123456789',
      '#!::r=sk_good_0123456789,m=request',
      '#!::r=sk_good_0123456789,m=publish,zz=1',
      '\u0001\u0002garbage',
    ].map(
      (streamId) =>
        new Promise<string>((resolve) => {
          const url = `srt://127.0.0.1:${good.ingest.port}?streamid=${encodeURIComponent(streamId)}`;
          new SrtCaller({ url, onData: () => {}, onClosed: resolve }).start();
        }),
    ),
  );
  expect(outcomes[0]).toContain('SRT_REJX_UNAUTHORIZED 1401');
  expect(outcomes[1]).toContain('SRT_REJX_BAD_MODE 1405');
  expect(outcomes[2]).toContain('SRT_REJX_KEY_NOTSUP 1001');
  expect(outcomes[3]).toContain('SRT_REJX_BAD_REQUEST 1400');
  await waitFor(
    () => good.logs.filter((line) => line.message.startsWith('SRT handshake refused')).length === 4,
    5000,
    'four refusals in the log',
  );
  expect(JSON.stringify(good.logs)).not.toContain('sk_unknown_0123456789');
  await good.keepsFlowing(50_000);
}, 60_000);

test('connections past the per-IP cap are refused at accept; the good stream keeps its slot', async () => {
  await using good = await startGoodStream(1);
  await using second = startTestPublisher({
    output: ['-f', 'mpegts', `srt://127.0.0.1:${good.ingest.port}?streamid=publish:sk_other_0123456789`],
  });
  await waitFor(
    () =>
      good.logs.find(
        (line) => line.message === 'SRT publisher refused: too many connections from this address',
      ),
    20_000,
    'the per-IP refusal',
  );
  expect(good.limit.refused).toBeGreaterThanOrEqual(1);
  expect(good.gate.feedFor('other')).toBeUndefined();
  expect(await Promise.race([second.exited, Bun.sleep(20_000).then(() => 'running')])).not.toBe(0);
  await good.keepsFlowing(50_000);
}, 60_000);
