import { expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestPublisher } from '../../tests/harness/test-publisher.ts';
import { waitFor } from '../../tests/harness/wait-for.ts';
import { ConnectionLimit } from '../connection-limit.ts';
import { RecordingPublishGate, type TestStream } from '../recording-publish-gate.ts';
import { SrtCaller } from './srt-caller.ts';
import { SrtIngest } from './srt-ingest.ts';
import type { SrtKeyEntry } from './srt-listen-gate.ts';

const PASSPHRASE = 'correct-horse-battery';
const streams: TestStream[] = [
  { streamKey: 'sk_alpha_0123456789', name: 'alpha', passphrase: PASSPHRASE, latencyMs: 200 },
  { streamKey: 'sk_beta', name: 'beta', passphrase: 'aes-256-passphrase', latencyMs: 120 },
  { streamKey: 'sk_open', name: 'open', latencyMs: 80 },
];

interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

async function startIngest(gate = new RecordingPublishGate(streams)) {
  const logs: LogLine[] = [];
  const ingest = new SrtIngest({
    port: 0,
    host: '127.0.0.1',
    gate,
    limit: new ConnectionLimit({ perIp: 8 }),
    keys: () => gate.srtKeys(),
    log: (level, message, fields) => logs.push({ level, message, fields }),
    statsIntervalMs: 250,
  });
  await ingest.start();
  return { ingest, gate, logs, [Symbol.asyncDispose]: () => ingest.close() };
}

/** ffmpeg 5.1 takes query values raw (no percent-decoding): the test values need none. */
function srtUrl(port: number, query: Record<string, string>): string {
  const params = Object.entries(query).map(([name, value]) => `${name}=${value}`);
  return `srt://127.0.0.1:${port}?${params.join('&')}`;
}

function codecsOf(bytes: Buffer): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'tw-srt-'));
  try {
    const file = join(dir, 'capture.ts');
    writeFileSync(file, bytes);
    const probe = Bun.spawnSync([
      'ffprobe',
      '-v',
      'error',
      '-show_entries',
      'stream=codec_name',
      '-of',
      'csv=p=0',
      file,
    ]);
    return [...new Set(probe.stdout.toString().split('\n').filter(Boolean))].sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function exitCodeWithin(proc: { exited: Promise<number> }, ms: number): Promise<number> {
  return Promise.race([
    proc.exited,
    Bun.sleep(ms).then(() => {
      throw new Error(`the publisher still runs after ${ms} ms`);
    }),
  ]);
}

test('binds an ephemeral port when asked for port 0', async () => {
  await using started = await startIngest();
  expect(started.ingest.port).toBeGreaterThan(0);
  expect(started.logs[0]).toMatchObject({
    message: 'SRT ingest listening',
    fields: { port: started.ingest.port },
  });
}, 60_000);

test('a port another listener or process holds fails start() with the reason', async () => {
  await using first = await startIngest();
  const second = new SrtIngest({
    port: first.ingest.port,
    host: '127.0.0.1',
    gate: first.gate,
    limit: new ConnectionLimit({ perIp: 1 }),
    keys: () => [],
  });
  await expect(second.start()).rejects.toThrow('Another socket is already listening on the same port');
  const holder = await Bun.udpSocket({ hostname: '127.0.0.1' });
  try {
    const third = new SrtIngest({
      port: holder.port,
      host: '127.0.0.1',
      gate: first.gate,
      limit: new ConnectionLimit({ perIp: 1 }),
      keys: () => [],
    });
    await expect(third.start()).rejects.toThrow(`SRT ingest cannot bind 127.0.0.1:${holder.port}`);
  } finally {
    holder.close();
  }
}, 60_000);

test('listens on IPv6 and refuses an unknown key there too', async () => {
  const gate = new RecordingPublishGate(streams);
  const logs: LogLine[] = [];
  await using ingest = new SrtIngest({
    port: 0,
    host: '::1',
    gate,
    limit: new ConnectionLimit({ perIp: 1 }),
    keys: () => gate.srtKeys(),
    log: (level, message, fields) => logs.push({ level, message, fields }),
  });
  await ingest.start();
  const reason = await new Promise<string>((resolve) => {
    new SrtCaller({
      url: `srt://[::1]:${ingest.port}?streamid=publish:sk_nobody_0123`,
      onData: () => {},
      onClosed: resolve,
    }).start();
  });
  expect(reason).toContain('SRT_REJX_UNAUTHORIZED 1401');
  await waitFor(
    () => logs.find((line) => line.message.startsWith('SRT handshake refused')),
    5000,
    'the refusal',
  );
  expect(logs.find((line) => line.message.startsWith('SRT handshake refused'))?.fields?.remote).toMatch(
    /^\[::1\]:\d+$/,
  );
}, 60_000);

test('invalid options are refused at construction', () => {
  const gate = new RecordingPublishGate(streams);
  const base = { gate, limit: new ConnectionLimit({ perIp: 1 }), keys: () => gate.srtKeys() };
  expect(() => new SrtIngest({ ...base, port: 70000 })).toThrow('invalid port 70000');
  expect(() => new SrtIngest({ ...base, port: 0, host: 'localhost' })).toThrow('host must be an IP address');
  expect(() => new SrtIngest({ ...base, port: 0, statsIntervalMs: 0 })).toThrow('statsIntervalMs');
});

test('ffmpeg publishes with a stream id and passphrase: the feed gets MPEG-TS (h264 + aac) and SRT stats', async () => {
  await using started = await startIngest();
  const { ingest, gate, logs } = started;
  const url = srtUrl(ingest.port, {
    streamid: 'publish:sk_alpha_0123456789',
    passphrase: PASSPHRASE,
    pbkeylen: '16',
  });
  await using publisher = startTestPublisher({ output: ['-f', 'mpegts', url] });

  const feed = await waitFor(() => gate.feedFor('alpha'), 20_000, 'the alpha feed');
  await waitFor(() => feed.bytes > 150_000 && feed.stats.length >= 3, 20_000, 'media and stats');
  expect(gate.opened[0]).toMatchObject({
    protocol: 'srt',
    streamKey: 'sk_alpha_0123456789',
    container: 'mpegts',
  });
  expect(gate.opened[0]?.remoteAddress).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(codecsOf(feed.concat())).toEqual(['aac', 'h264']);
  expect(feed.concat()[0]).toBe(0x47); // whole TS packets from the first byte

  const stats = feed.latestStats ?? {};
  expect(stats.packetsReceived).toBeGreaterThan(0);
  expect(stats.receiveRateMbps).toBeGreaterThan(0);
  expect(stats.bytesReceived).toBeGreaterThan(feed.bytes * 0.5);
  expect(stats.rttMs).toBeGreaterThanOrEqual(0);
  expect(stats.rttMs).toBeLessThan(100);
  expect(stats.latencyMs).toBe(200); // the stream's latency reached the socket in the handshake
  expect(stats.receiveBufferMs).toBeGreaterThanOrEqual(0);
  expect(stats.packetsUndecrypted).toBe(0);

  publisher.kill();
  await waitFor(() => feed.endReason, 20_000, 'the feed to end when ffmpeg stops');
  expect(feed.endReason).toContain('publisher disconnected');
  const logText = JSON.stringify(logs);
  expect(logText).toContain('SRT publisher connected');
  expect(logText).not.toContain('sk_alpha_0123456789');
  expect(logText).not.toContain(PASSPHRASE);
}, 60_000);

test('the access-control stream id with AES-256 (pbkeylen=32) publishes', async () => {
  await using started = await startIngest();
  const { ingest, gate } = started;
  const url = srtUrl(ingest.port, {
    streamid: '#!::u=cam1,r=sk_beta,m=publish',
    passphrase: 'aes-256-passphrase',
    pbkeylen: '32',
  });
  await using _publisher = startTestPublisher({ output: ['-f', 'mpegts', url] });
  const feed = await waitFor(() => gate.feedFor('beta'), 20_000, 'the beta feed');
  await waitFor(() => feed.bytes > 50_000 && feed.stats.length > 0, 20_000, 'media over AES-256');
  expect(feed.latestStats?.packetsUndecrypted).toBe(0);
  expect(gate.opened[0]?.streamKey).toBe('sk_beta');
}, 60_000);

test('an unknown key is refused during the handshake: ffmpeg cannot connect and no feed opens', async () => {
  await using started = await startIngest();
  const { ingest, gate, logs } = started;
  await using publisher = startTestPublisher({
    output: ['-f', 'mpegts', srtUrl(ingest.port, { streamid: 'publish:sk_wrong_key_123' })],
  });
  expect(await exitCodeWithin(publisher, 20_000)).not.toBe(0);
  const refusal = await waitFor(
    () => logs.find((line) => line.message.startsWith('SRT handshake refused')),
    5000,
    'the refusal in the log',
  );
  expect(refusal.message).toContain('unknown stream key (SRT_REJX_UNAUTHORIZED 1401)');
  expect(refusal.fields).toMatchObject({ key: 'sk_w****23' });
  expect(gate.opened).toHaveLength(0);
}, 60_000);

test('a wrong or missing passphrase fails the handshake inside libsrt; no feed opens', async () => {
  await using started = await startIngest();
  const { ingest, gate, logs } = started;
  await using wrong = startTestPublisher({
    output: [
      '-f',
      'mpegts',
      srtUrl(ingest.port, { streamid: 'publish:sk_alpha_0123456789', passphrase: 'not-the-passphrase' }),
    ],
  });
  await using missing = startTestPublisher({
    output: ['-f', 'mpegts', srtUrl(ingest.port, { streamid: 'publish:sk_alpha_0123456789' })],
  });
  expect(await exitCodeWithin(wrong, 20_000)).not.toBe(0);
  expect(await exitCodeWithin(missing, 20_000)).not.toBe(0);
  expect(gate.opened).toHaveLength(0);
  // libsrt does not tell the listener why; the admitted-but-never-accepted handshake is logged.
  const failures = await waitFor(
    () => {
      const found = logs.filter((line) => line.message.includes('wrong or missing passphrase'));
      return found.length >= 2 && found;
    },
    20_000,
    'both failed handshakes in the log',
  );
  expect(failures[0]?.fields).toMatchObject({ key: 'sk_a****89' });
}, 60_000);

test('a feed that takes no more bytes, or that the origin closes, disconnects the publisher', async () => {
  await using started = await startIngest();
  const { ingest, gate } = started;
  await using first = startTestPublisher({
    output: ['-f', 'mpegts', srtUrl(ingest.port, { streamid: 'publish:sk_open' })],
  });
  const refusing = await waitFor(() => gate.feedFor('open'), 20_000, 'the first feed');
  refusing.accept = false;
  await waitFor(() => refusing.endReason, 20_000, 'the publisher dropped on a refused write');
  expect(refusing.endReason).toBe('the origin takes no more bytes from this publisher');
  expect(await exitCodeWithin(first, 20_000)).not.toBe(0);

  await using second = startTestPublisher({
    output: ['-f', 'mpegts', srtUrl(ingest.port, { streamid: 'publish:sk_open' })],
  });
  const kicked = await waitFor(() => gate.feeds.length === 2 && gate.feeds[1], 20_000, 'the second feed');
  await waitFor(() => kicked.bytes > 0, 20_000, 'media on the second feed');
  kicked.kick('taken over');
  expect(await exitCodeWithin(second, 20_000)).not.toBe(0);
  expect(kicked.endReason).toBeUndefined(); // the origin closed it: no end() back
}, 60_000);

/** Connects as a (silent) publisher; resolves 'connected' or the refusal. */
function tryPublish(port: number, key: string): Promise<string> {
  return new Promise((resolve) => {
    const caller: SrtCaller = new SrtCaller({
      url: `srt://127.0.0.1:${port}?streamid=publish:${key}`,
      onData: () => {},
      onClosed: resolve,
      onConnected: () => {
        resolve('connected');
        caller.close();
      },
    });
    caller.start();
  });
}

test('the handshake follows the key table: refreshKeys admits a new key, refusals answer 403, bad entries are logged', async () => {
  const gate = new RecordingPublishGate([]);
  const logs: LogLine[] = [];
  let table: SrtKeyEntry[] = [{ streamKey: 'sk_disabled_0123', latencyMs: 120, refuse: 403 }];
  await using ingest = new SrtIngest({
    port: 0,
    host: '127.0.0.1',
    gate,
    limit: new ConnectionLimit({ perIp: 8 }),
    keys: () => table,
    log: (level, message, fields) => logs.push({ level, message, fields }),
  });
  await ingest.start();
  expect(await tryPublish(ingest.port, 'sk_new_0123456789')).toContain('SRT_REJX_UNAUTHORIZED 1401');
  expect(await tryPublish(ingest.port, 'sk_disabled_0123')).toContain(
    'the stream is disabled (SRT_REJX_FORBIDDEN 1403)',
  );

  gate.add({ streamKey: 'sk_new_0123456789', name: 'new' });
  table = [
    ...table,
    { streamKey: 'sk_new_0123456789', latencyMs: 120 },
    { streamKey: 'bad key', latencyMs: 120 },
    { streamKey: 'sk_short_pass_01', passphrase: 'short', latencyMs: 120 },
  ];
  ingest.refreshKeys();
  expect(await tryPublish(ingest.port, 'sk_new_0123456789')).toBe('connected');
  await waitFor(() => gate.opened.length === 1, 5000, 'the gate to open the new stream');
  expect(logs.filter((line) => line.level === 'error').map((line) => line.message)).toEqual([
    'SRT key table: stream key **** has characters an SRT stream id cannot carry; it cannot publish',
    'SRT key table: stream key sk_s****01: the SRT passphrase is not 10..79 characters; it cannot publish',
  ]);
}, 60_000);

test('a feed whose passphrase differs from the table the handshake used is refused after accept', async () => {
  const gate = new RecordingPublishGate([
    { streamKey: 'sk_rotated_0123456', name: 'rotated', passphrase: 'new-passphrase-1' },
  ]);
  const logs: LogLine[] = [];
  await using ingest = new SrtIngest({
    port: 0,
    host: '127.0.0.1',
    gate,
    limit: new ConnectionLimit({ perIp: 8 }),
    keys: () => [{ streamKey: 'sk_rotated_0123456', latencyMs: 120 }], // stale: no passphrase yet
    log: (level, message, fields) => logs.push({ level, message, fields }),
  });
  await ingest.start();
  await tryPublish(ingest.port, 'sk_rotated_0123456');
  const refusal = await waitFor(
    () => logs.find((line) => line.message.includes('passphrase changed')),
    5000,
    'the refusal after accept',
  );
  expect(refusal.level).toBe('warn');
  expect(gate.feedFor('rotated')?.endReason).toBe('SRT passphrase changed since the key table was refreshed');
}, 60_000);
