import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../tests/harness/wait-for.ts';
import { ConnectionLimit } from '../connection-limit.ts';
import { RecordingPublishGate } from '../recording-publish-gate.ts';
import { publishTestStream } from './ffmpeg-test-publisher.ts';
import { RtmpIngest } from './rtmp-ingest.ts';

const KEY = 'sk_rtmps_test_key_0123456789';
const dir = mkdtempSync(join(tmpdir(), 'tw-rtmps-'));
const certPath = join(dir, 'cert.pem');
const keyPath = join(dir, 'key.pem');

beforeAll(async () => {
  // A self-signed certificate, as an operator without a CA-issued one would have.
  const openssl = Bun.spawn(
    [
      ...['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ...['-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=localhost'],
    ],
    { stdout: 'ignore', stderr: 'pipe' },
  );
  expect(await openssl.exited).toBe(0);
}, 30_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function startIngest(handshakeTimeoutMs = 10_000) {
  const gate = new RecordingPublishGate([{ streamKey: KEY, name: 'secure' }]);
  const logs: { msg: string; fields?: Record<string, unknown> }[] = [];
  const ingest = new RtmpIngest({
    port: 0,
    host: '127.0.0.1',
    tls: { port: 0, certPath, keyPath },
    gate,
    limit: new ConnectionLimit({ perIp: 8 }),
    handshakeTimeoutMs,
    statsIntervalMs: 200,
    log: (_level, msg, fields) => logs.push({ msg, fields }),
  });
  await ingest.start();
  return { gate, logs, ingest, [Symbol.asyncDispose]: () => ingest.close() };
}

test('FFmpeg publishes over RTMPS with a self-signed certificate; the feed gets FLV', async () => {
  await using env = await startIngest();
  expect(env.ingest.tlsPort).toBeGreaterThan(0);
  expect(env.ingest.tlsPort).not.toBe(env.ingest.port);
  await using ffmpeg = publishTestStream(`rtmps://127.0.0.1:${env.ingest.tlsPort}/live/${KEY}`);
  const feed = await waitFor(() => env.gate.feedFor('secure'), 20_000, 'the RTMPS publish');
  expect(env.gate.opened[0]).toMatchObject({ protocol: 'rtmps', streamKey: KEY, container: 'flv' });
  await waitFor(() => (feed.latestStats?.lastTimestampMs ?? 0) >= 1_000, 20_000, '1 s of media');
  console.log(
    `rtmps: first FLV byte ${((feed.firstWriteAt ?? 0) - ffmpeg.startedAt).toFixed(0)} ms after FFmpeg start`,
  );
  expect(feed.concat().subarray(0, 3).toString()).toBe('FLV');
  expect(feed.latestStats).toMatchObject({ videoWidth: 320, videoHeight: 240, audioCodecId: 10 });
}, 30_000);

test('garbage and a stalled TLS handshake on the RTMPS port are closed; the server goes on', async () => {
  await using env = await startIngest(1_000);
  const port = env.ingest.tlsPort ?? 0;
  const garbage = connect({ host: '127.0.0.1', port });
  garbage.on('error', () => {});
  garbage.on('connect', () => garbage.write(Buffer.alloc(4096, 0x5a)));
  const stalled = connect({ host: '127.0.0.1', port });
  stalled.on('error', () => {});
  const closed = [garbage, stalled].map((socket) => {
    socket.resume(); // read the server's TLS alert, so its FIN shows as a close
    return new Promise((resolve) => socket.on('close', resolve));
  });
  await Promise.all(closed);
  expect(env.logs.some((line) => line.msg === 'rtmp connection dropped: handshake timeout')).toBe(true);

  await using _ffmpeg = publishTestStream(`rtmps://127.0.0.1:${port}/live/${KEY}`);
  const feed = await waitFor(
    () => env.gate.feedFor('secure'),
    20_000,
    'an RTMPS publish after the hostile peers',
  );
  await waitFor(() => feed.bytes > 0, 20_000, 'media');
}, 30_000);

test('a certificate that cannot be read fails start with a clear error', async () => {
  const ingest = new RtmpIngest({
    port: 0,
    host: '127.0.0.1',
    tls: { port: 0, certPath: join(dir, 'missing.pem'), keyPath },
    gate: new RecordingPublishGate([]),
    limit: new ConnectionLimit({ perIp: 1 }),
  });
  await expect(ingest.start()).rejects.toThrow(/RTMPS certificate .*missing\.pem .* cannot be loaded/);
}, 30_000);
