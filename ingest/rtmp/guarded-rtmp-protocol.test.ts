import { describe, expect, test } from 'bun:test';
import type AVPacket from 'node-media-server/src/core/avpacket.js';
import { GuardedRtmpProtocol, type PublishVerdict, RtmpProtocolError } from './guarded-rtmp-protocol.ts';
import {
  c0c1,
  c2,
  chunkedMessage,
  command,
  connectCommand,
  publishCommand,
  setChunkSize,
} from './rtmp-test-bytes.ts';

const limits = { maxMessageBytes: 1024 * 1024, maxChunkStreams: 8 };

function protocol(verdict: PublishVerdict = { ok: true }) {
  const seen = {
    output: [] as Buffer[],
    keys: [] as string[],
    refused: [] as string[],
    packets: [] as AVPacket[],
  };
  const rtmp = new GuardedRtmpProtocol({
    app: 'live',
    limits,
    events: {
      output: (bytes) => seen.output.push(Buffer.from(bytes)),
      publish: (key) => {
        seen.keys.push(key);
        return verdict;
      },
      refused: (reason) => seen.refused.push(reason),
      packet: (packet) =>
        seen.packets.push({ ...packet, data: Buffer.from(packet.data.subarray(0, packet.size)) }),
    },
  });
  const feed = (...buffers: Buffer[]) => {
    for (const buffer of buffers) rtmp.parserData(buffer);
  };
  const said = () => Buffer.concat(seen.output).toString('latin1');
  return { rtmp, seen, feed, said };
}

function connected(verdict?: PublishVerdict) {
  const session = protocol(verdict);
  session.feed(c0c1(), c2(), connectCommand('live'));
  return session;
}

/** An AVC keyframe NALU message body (FLV video tag body). */
const avcKeyframe = Buffer.from([0x17, 0x01, 0, 0, 0, 0, 0, 0, 1, 0x65]);

describe('hostile input is refused with RtmpProtocolError', () => {
  const publishing = [c0c1(), c2(), connectCommand('live'), publishCommand('sk_key')];
  const cases: { name: string; bytes: () => Buffer[]; error: RegExp }[] = [
    {
      name: 'not RTMP (an HTTP request)',
      bytes: () => [Buffer.from('GET / HTTP/1.1\r\n\r\n')],
      error: /version byte 0x47/,
    },
    {
      name: 'a big video message before an authorised publish',
      bytes: () => [
        c0c1(),
        c2(),
        chunkedMessage({ cid: 6, type: 9, payload: Buffer.alloc(4), length: 100_000 }),
      ],
      error: /100000 bytes \(type 9\) is over the 65536 limit before an authorised publish/,
    },
    {
      name: 'a video message over the size limit while publishing',
      bytes: () => [
        ...publishing,
        chunkedMessage({ cid: 6, type: 9, payload: Buffer.alloc(4), length: 2_000_000, streamId: 1 }),
      ],
      error: /2000000 bytes \(type 9\) is over the 1048576 limit$/,
    },
    {
      name: 'big partial messages on many chunk streams',
      bytes: () => [
        ...publishing,
        ...[6, 7, 8].map((cid) =>
          // one whole 128-byte chunk each, so the parser moves on to the next chunk stream
          chunkedMessage({ cid, type: 9, payload: Buffer.alloc(128), length: 1_000_000, streamId: 1 }),
        ),
      ],
      error: /partial messages buffered across chunk streams/,
    },
    {
      name: 'a command over 64 KiB',
      bytes: () => [
        c0c1(),
        c2(),
        chunkedMessage({ cid: 3, type: 20, payload: Buffer.alloc(4), length: 70_000 }),
      ],
      error: /over the 65536 limit/,
    },
    { name: 'chunk size 0', bytes: () => [c0c1(), c2(), setChunkSize(0)], error: /invalid chunk size 0/ },
    {
      name: 'chunk size with the top bit set',
      bytes: () => [c0c1(), c2(), setChunkSize(0x80000000)],
      error: /invalid chunk size 2147483648/,
    },
    {
      name: 'too many chunk streams',
      bytes: () => [
        c0c1(),
        c2(),
        ...Array.from({ length: 12 }, (_, i) =>
          chunkedMessage({ cid: 10 + i, type: 4, payload: Buffer.alloc(6) }),
        ),
      ],
      error: /more than 8 chunk streams/,
    },
    {
      name: 'publish before connect',
      bytes: () => [c0c1(), c2(), publishCommand('k')],
      error: /before connect/,
    },
    {
      name: 'media before publish',
      bytes: () => [
        c0c1(),
        c2(),
        connectCommand('live'),
        chunkedMessage({ cid: 6, type: 9, payload: avcKeyframe }),
      ],
      error: /media before an authorised publish/,
    },
    {
      name: 'a second connect',
      bytes: () => [c0c1(), c2(), connectCommand('live'), connectCommand('live')],
      error: /second connect/,
    },
  ];
  for (const { name, bytes, error } of cases) {
    test(name, () => {
      const { feed } = protocol();
      expect(() => feed(...bytes())).toThrow(RtmpProtocolError);
      expect(() => protocol().feed(...bytes())).toThrow(error);
    });
  }
});

test('a publish is authorised before NetStream.Publish.Start, then media flows with its timestamps', () => {
  const { feed, seen, said } = connected();
  expect(said()).toContain('NetConnection.Connect.Success');
  feed(publishCommand('sk_key?token=1'));
  expect(seen.keys).toEqual(['sk_key']);
  expect(said()).toContain('NetStream.Publish.Start');
  feed(chunkedMessage({ cid: 6, type: 9, payload: avcKeyframe, streamId: 1, timestamp: 40 }));
  expect(seen.packets).toHaveLength(1);
  expect(seen.packets[0]).toMatchObject({ codec_type: 9, flags: 3, dts: 40, size: avcKeyframe.length });
});

test('a refused publish gets an error status, never Publish.Start, and media after it is refused', () => {
  const { feed, seen, said } = connected({
    ok: false,
    code: 'NetStream.Publish.Rejected',
    description: 'nope',
  });
  feed(publishCommand('sk_key'));
  expect(said()).toContain('NetStream.Publish.Rejected');
  expect(said()).not.toContain('NetStream.Publish.Start');
  expect(seen.refused).toEqual(['nope']);
  expect(() => feed(chunkedMessage({ cid: 6, type: 9, payload: avcKeyframe, streamId: 1 }))).toThrow(
    /media before/,
  );
});

test('another application is refused at connect', () => {
  const { feed, seen, said } = protocol();
  feed(c0c1(), c2(), connectCommand('admin'));
  expect(said()).toContain('NetConnection.Connect.Rejected');
  expect(seen.refused).toEqual(['application "admin" is not served']);
});

test('play is refused', () => {
  const { feed, seen, said } = connected();
  feed(command({ cmd: 'play', transId: 0, cmdObj: null, streamName: 'sk_key' }, 1));
  expect(said()).toContain('NetStream.Play.Failed');
  expect(seen.refused).toEqual(['RTMP play is not offered']);
});

test('acknowledgements follow the window the peer announced', () => {
  const { feed, said } = connected();
  const windowAck = Buffer.alloc(4);
  windowAck.writeUInt32BE(100);
  const before = said().length;
  feed(chunkedMessage({ cid: 2, type: 5, payload: windowAck }), Buffer.alloc(0));
  feed(command({ cmd: 'createStream', transId: 2, cmdObj: null }));
  const output = Buffer.from(said().slice(before), 'latin1');
  // an Acknowledgement (type 3) on the protocol chunk stream
  expect(output.includes(Buffer.from([0x02, 0, 0, 0, 0, 0, 4, 0x03]))).toBe(true);
});

test('fuzz: random messages after a handshake only ever end in a thrown error or nothing', () => {
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const started = performance.now();
  for (let round = 0; round < 300; round++) {
    const { feed } = round % 2 ? connected() : protocol();
    const payload = Buffer.from(
      Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256)),
    );
    const type = [1, 3, 4, 5, 8, 9, 15, 17, 18, 20, 22][Math.floor(random() * 11)] ?? 20;
    try {
      if (round % 2 === 0) feed(c0c1(), c2());
      feed(chunkedMessage({ cid: 2 + Math.floor(random() * 10), type, payload }), payload);
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
    }
  }
  expect(performance.now() - started).toBeLessThan(10_000);
});
