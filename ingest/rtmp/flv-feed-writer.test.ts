import { expect, test } from 'bun:test';
import { encodeAmf0Data } from 'node-media-server/src/protocol/amf.js';
import Flv from 'node-media-server/src/protocol/flv.js';
import { FlvFeedWriter } from './flv-feed-writer.ts';
import { flvMetadataOf } from './flv-metadata.ts';
import { PublisherStats } from './publisher-stats.ts';

/** RTMP message bodies as encoders send them. */
const bodies = {
  avcConfig: Buffer.from([0x17, 0x00, 0, 0, 0, 1, 0x64, 0, 0x1f]),
  avcKeyframe: Buffer.from([0x17, 0x01, 0, 0, 0x28, 0, 0, 0, 1, 0x65]),
  avcInter: Buffer.from([0x27, 0x01, 0, 0, 0x28, 0, 0, 0, 1, 0x41]),
  aacConfig: Buffer.from([0xaf, 0x00, 0x11, 0x90]),
  aacFrame: Buffer.from([0xaf, 0x01, 0x21, 0x10]),
  mp3Frame: Buffer.from([0x2f, 0xff, 0xfb]),
};

const setDataFrame = (values: Record<string, unknown>) =>
  encodeAmf0Data({ cmd: '@setDataFrame', method: 'onMetaData', dataObj: values });

/** As node-media-server's parser hands them: a reused buffer 1 KiB longer than the message. */
function packet(type: number, dts: number, body: Buffer) {
  return Flv.parserTag(type, dts, body.length, Buffer.concat([body, Buffer.alloc(1024)]));
}

/** Splits an FLV byte stream into [type, timestamp, body] per tag, checking every PreviousTagSize. */
function tagsOf(flv: Buffer): { type: number; timestamp: number; body: Buffer }[] {
  expect(flv.subarray(0, 3).toString()).toBe('FLV');
  const tags = [];
  let offset = 13;
  while (offset < flv.length) {
    const size = flv.readUIntBE(offset + 1, 3);
    const timestamp = flv.readUIntBE(offset + 4, 3) | ((flv[offset + 7] ?? 0) << 24);
    tags.push({ type: flv[offset] ?? 0, timestamp, body: flv.subarray(offset + 11, offset + 11 + size) });
    expect(flv.readUInt32BE(offset + 11 + size)).toBe(11 + size);
    offset += 11 + size + 4;
  }
  return tags;
}

function write(packets: ReturnType<typeof packet>[]) {
  const writer = new FlvFeedWriter();
  const out = packets.flatMap((p) => writer.bytesFor(p, flvMetadataOf(p)) ?? []);
  return { writer, flv: Buffer.concat(out), writes: out.length };
}

test('an encoder publish becomes header + metadata + configs + frames, bodies and timestamps kept', () => {
  const metadata = setDataFrame({ width: 320, height: 240, videocodecid: 7, audiocodecid: 10 });
  const { flv, writes } = write([
    packet(18, 0, metadata),
    packet(9, 0, bodies.avcConfig),
    packet(8, 0, bodies.aacConfig),
    packet(9, 0, bodies.avcKeyframe),
    packet(8, 21, bodies.aacFrame),
    packet(9, 40, bodies.avcInter),
    packet(9, 0x01000010, bodies.avcInter), // past 24 bits: the extended timestamp byte
  ]);
  expect(writes).toBe(7);
  expect(flv[4]).toBe(0x05); // audio + video flags
  const tags = tagsOf(flv);
  expect(tags.map((tag) => [tag.type, tag.timestamp])).toEqual([
    [18, 0],
    [9, 0],
    [8, 0],
    [9, 0],
    [8, 21],
    [9, 40],
    [9, 0x01000010],
  ]);
  // the script tag is plain onMetaData, the RTMP @setDataFrame wrapper gone
  expect(tags[0]?.body.subarray(3, 13).toString()).toBe('onMetaData');
  expect(tags[3]?.body).toEqual(bodies.avcKeyframe);
});

const heldBack: {
  name: string;
  packets: () => ReturnType<typeof packet>[];
  types: number[];
  dropped: number;
}[] = [
  {
    name: 'AVC frames before the AVC sequence header',
    packets: () => [
      packet(9, 0, bodies.avcInter),
      packet(9, 40, bodies.avcConfig),
      packet(9, 40, bodies.avcKeyframe),
    ],
    types: [9, 9],
    dropped: 1,
  },
  {
    name: 'AAC frames before the AudioSpecificConfig',
    packets: () => [
      packet(8, 0, bodies.aacFrame),
      packet(8, 21, bodies.aacConfig),
      packet(8, 21, bodies.aacFrame),
    ],
    types: [8, 8],
    dropped: 1,
  },
  {
    name: 'nothing for MP3, which has no config',
    packets: () => [packet(8, 0, bodies.mp3Frame)],
    types: [8],
    dropped: 0,
  },
  {
    name: 'script data that is not onMetaData, and empty tags',
    packets: () => [
      packet(18, 0, encodeAmf0Data({ cmd: 'onFI', info: {} })),
      packet(9, 0, Buffer.alloc(0)),
      packet(8, 0, bodies.mp3Frame),
    ],
    types: [8],
    dropped: 0,
  },
];
for (const { name, packets, types, dropped } of heldBack) {
  test(`holds back ${name}`, () => {
    const { writer, flv } = write(packets());
    expect(tagsOf(flv).map((tag) => tag.type)).toEqual(types);
    expect(writer.droppedBeforeConfig).toBe(dropped);
  });
}

test('the header flags follow the metadata when it comes first', () => {
  expect(
    write([packet(18, 0, setDataFrame({ videocodecid: 7 })), packet(9, 0, bodies.avcConfig)]).flv[4],
  ).toBe(1);
  expect(
    write([packet(18, 0, setDataFrame({ audiocodecid: 10 })), packet(8, 0, bodies.aacConfig)]).flv[4],
  ).toBe(4);
});

test('publisher stats: metadata numbers, counts, keyframe interval and receive bitrate', () => {
  let now = 0;
  const stats = new PublisherStats(() => now);
  const metadata = flvMetadataOf(
    packet(
      18,
      0,
      setDataFrame({ width: 1280, height: 720, framerate: 30, videocodecid: 7, stereo: true, encoder: 'x' }),
    ),
  );
  stats.noteMetadata(metadata?.values ?? {});
  for (const [dts, body] of [
    [0, bodies.avcKeyframe],
    [33, bodies.avcInter],
    [2000, bodies.avcKeyframe],
  ] as const) {
    stats.notePacket(packet(9, dts, body));
  }
  stats.notePacket(packet(8, 2010, bodies.aacFrame));
  stats.noteBytesReceived(250_000);
  now = 2_000;
  expect(stats.sample()).toEqual({
    videoWidth: 1280,
    videoHeight: 720,
    videoFramerate: 30,
    videoCodecId: 7,
    audioChannels: 2,
    bytesReceived: 250_000,
    receiveBitrateKbps: 1_000,
    flvBytes: 0,
    videoFrames: 3,
    audioFrames: 1,
    keyframes: 2,
    keyframeIntervalMs: 2_000,
    lastTimestampMs: 2010,
  });
});
