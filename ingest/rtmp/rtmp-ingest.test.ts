import { expect, test } from 'bun:test';
import { waitFor } from '../../tests/harness/wait-for.ts';
import { ConnectionLimit } from '../connection-limit.ts';
import { RecordingPublishGate } from '../recording-publish-gate.ts';
import { playStream, publishTestStream } from './ffmpeg-test-publisher.ts';
import { RtmpIngest } from './rtmp-ingest.ts';

const KEY = 'sk_rtmp_test_key_0123456789';

interface LogLine {
  level: string;
  msg: string;
  fields?: Record<string, unknown>;
}

async function startIngest(options: { statsIntervalMs?: number } = {}) {
  const gate = new RecordingPublishGate([{ streamKey: KEY, name: 'main' }]);
  const logs: LogLine[] = [];
  const ingest = new RtmpIngest({
    port: 0,
    host: '127.0.0.1',
    gate,
    limit: new ConnectionLimit({ perIp: 8 }),
    log: (level, msg, fields) => logs.push({ level, msg, fields }),
    statsIntervalMs: options.statsIntervalMs ?? 200,
  });
  await ingest.start();
  return {
    gate,
    logs,
    ingest,
    url: (key: string, app = 'live') => `rtmp://127.0.0.1:${ingest.port}/${app}/${key}`,
    [Symbol.asyncDispose]: () => ingest.close(),
  };
}

/** Runs bytes through an FFmpeg/FFprobe reading FLV from stdin; returns stdout and stderr. */
async function readFlv(args: string[], flv: Uint8Array): Promise<{ code: number; out: string; err: string }> {
  const proc = Bun.spawn(args, { stdin: 'pipe', stdout: 'pipe', stderr: 'pipe' });
  proc.stdin.write(flv);
  await proc.stdin.end();
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, out, err };
}

test('a publish with a good key reaches the feed as FLV that FFmpeg reads (H.264 + AAC, timed)', async () => {
  await using env = await startIngest();
  await using ffmpeg = publishTestStream(env.url(KEY));
  const feed = await waitFor(() => env.gate.feedFor('main'), 20_000, 'the publish to be opened');
  expect(env.gate.opened[0]).toMatchObject({ protocol: 'rtmp', streamKey: KEY, container: 'flv' });
  expect(env.gate.opened[0]?.remoteAddress).toMatch(/^127\.0\.0\.1:\d+$/);

  // ~3 s of media, by the stream's own clock
  await waitFor(() => (feed.latestStats?.lastTimestampMs ?? 0) >= 3_000, 20_000, '3 s of media');
  const firstByteMs = (feed.firstWriteAt ?? 0) - ffmpeg.startedAt;
  const flv = feed.concat();
  const stats = feed.latestStats ?? {};
  console.log(
    `rtmp: first FLV byte ${firstByteMs.toFixed(0)} ms after FFmpeg start; ` +
      `${stats.bytesReceived} bytes received as RTMP, ${stats.flvBytes} written as FLV ` +
      `(${((((stats.flvBytes ?? 0) - (stats.bytesReceived ?? 0)) / (stats.bytesReceived ?? 1)) * 100).toFixed(2)}% difference)`,
  );
  expect(feed.firstWriteAt).toBeDefined();
  expect([...flv.subarray(0, 3)]).toEqual([...Buffer.from('FLV')]);

  const probe = await readFlv(
    ['ffprobe', '-v', 'error', '-f', 'flv', '-i', 'pipe:0', '-show_streams', '-show_packets', '-of', 'json'],
    flv,
  );
  expect(probe.code).toBe(0);
  const parsed = JSON.parse(probe.out) as {
    streams: { codec_type: string; codec_name: string; width?: number; height?: number; index: number }[];
    packets: { stream_index: number; dts_time: string }[];
  };
  const video = parsed.streams.find((stream) => stream.codec_type === 'video');
  const audio = parsed.streams.find((stream) => stream.codec_type === 'audio');
  expect(video).toMatchObject({ codec_name: 'h264', width: 320, height: 240 });
  expect(audio).toMatchObject({ codec_name: 'aac' });
  // timestamps: rising per stream, spanning the ~3 s collected
  for (const stream of [video, audio]) {
    const times = parsed.packets
      .filter((packet) => packet.stream_index === stream?.index)
      .map((packet) => Number(packet.dts_time));
    expect(times.length).toBeGreaterThan(10);
    expect(times.every((time, i) => i === 0 || time >= (times[i - 1] ?? 0))).toBe(true);
    expect(times.at(-1) ?? 0).toBeGreaterThan(2.5);
  }
  // and it decodes without a single error
  const decode = await readFlv(
    ['ffmpeg', '-v', 'error', '-f', 'flv', '-i', 'pipe:0', '-f', 'null', '-'],
    flv,
  );
  expect(decode.err).toBe('');
  expect(decode.code).toBe(0);

  expect(stats).toMatchObject({ videoWidth: 320, videoHeight: 240, videoFramerate: 25, videoCodecId: 7 });
  expect(stats).toMatchObject({ audioCodecId: 10, audioSampleRate: 48_000 });
  expect(stats.keyframes).toBeGreaterThanOrEqual(1);

  // the encoder leaves: the feed ends
  ffmpeg.process.kill('SIGKILL');
  await waitFor(() => feed.endReason, 20_000, 'the feed to end');
  expect(feed.endReason).toBe('publisher disconnected');
}, 30_000);

test('a wrong key is refused before media: FFmpeg fails, no feed, key masked in logs', async () => {
  await using env = await startIngest();
  await using ffmpeg = publishTestStream(env.url('sk_wrong_key_abcdefgh'));
  const code = await ffmpeg.exited;
  expect(code).not.toBe(0);
  console.log(`rtmp: FFmpeg on a wrong key says: ${ffmpeg.stderr().trim()}`);
  expect(env.gate.opened.map((request) => request.streamKey)).toEqual(['sk_wrong_key_abcdefgh']);
  expect(env.gate.feeds).toHaveLength(0);
  const refusal = env.logs.find((line) => line.msg === 'rtmp publish refused');
  expect(refusal?.fields).toMatchObject({
    streamKey: 'sk_w****gh',
    status: 401,
    reason: 'unknown stream key',
  });
  expect(JSON.stringify(env.logs)).not.toContain('sk_wrong_key_abcdefgh');
}, 30_000);

test('only the live app is served: another app is refused without asking the gate', async () => {
  await using env = await startIngest();
  await using ffmpeg = publishTestStream(env.url(KEY, 'other'));
  expect(await ffmpeg.exited).not.toBe(0);
  expect(env.gate.opened).toHaveLength(0);
  expect(env.logs.some((line) => line.msg === 'rtmp connection refused')).toBe(true);
}, 30_000);

test('the origin closing the feed drops the publisher', async () => {
  await using env = await startIngest();
  await using ffmpeg = publishTestStream(env.url(KEY));
  const feed = await waitFor(() => env.gate.feedFor('main'), 20_000, 'the publish to be opened');
  await waitFor(() => feed.bytes > 0, 20_000, 'media');
  feed.kick('another publisher took over');
  expect(await ffmpeg.exited).not.toBe(0);
  expect(feed.endReason).toBe('closed by the origin: another publisher took over');
}, 30_000);

test('a feed that takes no more bytes drops the publisher', async () => {
  await using env = await startIngest();
  await using ffmpeg = publishTestStream(env.url(KEY));
  const feed = await waitFor(() => env.gate.feedFor('main'), 20_000, 'the publish to be opened');
  feed.accept = false;
  expect(await ffmpeg.exited).not.toBe(0);
  expect(feed.endReason).toContain('the feed took no more bytes');
}, 30_000);

test('RTMP play is refused while a stream is live', async () => {
  await using env = await startIngest();
  await using _publisher = publishTestStream(env.url(KEY));
  const feed = await waitFor(() => env.gate.feedFor('main'), 20_000, 'the publish to be opened');
  await waitFor(() => feed.bytes > 0, 20_000, 'media');
  await using player = playStream(env.url(KEY));
  expect(await player.exited).not.toBe(0);
  expect(env.logs.some((line) => line.fields?.reason === 'RTMP play is not offered')).toBe(true);
  expect(env.gate.opened).toHaveLength(1);
}, 30_000);

test('start rejects clearly when the port is taken; close frees it', async () => {
  const gate = new RecordingPublishGate([]);
  const limit = new ConnectionLimit({ perIp: 4 });
  const first = new RtmpIngest({ port: 0, host: '127.0.0.1', gate, limit });
  await first.start();
  const port = first.port;
  const second = new RtmpIngest({ port, host: '127.0.0.1', gate, limit });
  await expect(second.start()).rejects.toThrow(
    /cannot listen on 127\.0\.0\.1:\d+: the port is already in use/,
  );
  await first.close();
  await second.start();
  expect(second.port).toBe(port);
  await second.close();
}, 30_000);
