import { expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestPublisher } from '../../tests/harness/test-publisher.ts';
import { waitFor } from '../../tests/harness/wait-for.ts';
import { ConnectionLimit } from '../connection-limit.ts';
import { RecordingPublishGate } from '../recording-publish-gate.ts';
import { SrtCaller } from './srt-caller.ts';
import { SrtIngest } from './srt-ingest.ts';
import type { SrtStats } from './srt-stats.ts';

async function freeUdpPort(): Promise<number> {
  const probe = await Bun.udpSocket({ hostname: '127.0.0.1' });
  const { port } = probe;
  probe.close();
  return port;
}

interface Pull {
  caller: SrtCaller;
  chunks: Uint8Array[];
  stats: SrtStats[];
  closed: Promise<string>;
}

/** One caller attempt; resolves once it is connected or has closed. */
async function pull(url: string): Promise<Pull & { connected: boolean }> {
  const chunks: Uint8Array[] = [];
  const stats: SrtStats[] = [];
  let onClosed: (reason: string) => void = () => {};
  const closed = new Promise<string>((resolve) => {
    onClosed = resolve;
  });
  let onConnected: () => void = () => {};
  const connected = new Promise<void>((resolve) => {
    onConnected = resolve;
  });
  const caller = new SrtCaller({
    url,
    onData: (bytes) => chunks.push(bytes),
    onClosed,
    onConnected,
    onStats: (sample) => stats.push(sample),
    statsIntervalMs: 200,
  });
  await caller.start();
  const outcome = await Promise.race([connected.then(() => true), closed.then(() => false)]);
  return { caller, chunks, stats, closed, connected: outcome };
}

/** The lead's reconnection, in small: new attempts until ffmpeg's listener is up. */
async function pullWhenUp(url: string): Promise<Pull> {
  return waitFor(
    async () => {
      const attempt = await pull(url);
      return attempt.connected && attempt;
    },
    20_000,
    'the SRT listener to accept the caller',
    100,
  );
}

test('pulls MPEG-TS from ffmpeg in SRT listener mode (encrypted), and reports the source going away', async () => {
  const port = await freeUdpPort();
  const passphrase = 'pull-passphrase-42';
  const ffmpeg = startTestPublisher({
    output: ['-f', 'mpegts', `srt://127.0.0.1:${port}?mode=listener&passphrase=${passphrase}&pbkeylen=16`],
  });
  try {
    const source = await pullWhenUp(
      `srt://127.0.0.1:${port}?passphrase=${passphrase}&latency=120&conntimeo=1000`,
    );
    using caller = source.caller;
    await waitFor(
      () => source.chunks.reduce((sum, chunk) => sum + chunk.length, 0) > 150_000 && source.stats.length > 0,
      20_000,
      'media from the listener',
    );
    expect(caller.connected).toBe(true);
    expect(source.stats.at(-1)?.packetsReceived).toBeGreaterThan(0);
    expect(source.stats.at(-1)?.latencyMs).toBe(120);

    const dir = mkdtempSync(join(tmpdir(), 'tw-srt-pull-'));
    try {
      writeFileSync(join(dir, 'pulled.ts'), Buffer.concat(source.chunks));
      const probe = Bun.spawnSync(
        ['ffprobe', '-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0'].concat(
          join(dir, 'pulled.ts'),
        ),
      );
      expect(new Set(probe.stdout.toString().split('\n').filter(Boolean))).toEqual(new Set(['h264', 'aac']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    ffmpeg.kill();
    const reason = await Promise.race([source.closed, Bun.sleep(20_000).then(() => 'still open')]);
    expect(reason).toContain('the SRT source closed the connection');
  } finally {
    ffmpeg.kill();
    await ffmpeg.exited;
  }
}, 60_000);

test('a refused caller learns why: the listener rejection codes and a wrong passphrase', async () => {
  const gate = new RecordingPublishGate([
    { streamKey: 'sk_pull_0123456789', name: 'pull', passphrase: 'listener-secret-1' },
  ]);
  await using ingest = new SrtIngest({
    port: 0,
    host: '127.0.0.1',
    gate,
    limit: new ConnectionLimit({ perIp: 8 }),
    keys: () => gate.srtKeys(),
  });
  await ingest.start();
  const base = `srt://127.0.0.1:${ingest.port}`;
  const [unknown, play, wrongPassphrase] = await Promise.all([
    pull(`${base}?streamid=publish:sk_nobody_0123`),
    pull(`${base}?streamid=#!::r=sk_pull_0123456789,m=request&passphrase=listener-secret-1`),
    pull(`${base}?streamid=publish:sk_pull_0123456789&passphrase=wrong-secret-99`),
  ]);
  expect(await unknown.closed).toContain('unknown stream key (SRT_REJX_UNAUTHORIZED 1401)');
  expect(await play.closed).toContain('SRT_REJX_BAD_MODE 1405');
  expect(await wrongPassphrase.closed).toContain('refused: Incorrect passphrase');
  expect(gate.opened).toHaveLength(0);
}, 60_000);

test('a caller to a port where nobody listens closes with a timeout', async () => {
  const port = await freeUdpPort();
  const attempt = await pull(`srt://127.0.0.1:${port}?conntimeo=500`);
  expect(attempt.connected).toBe(false);
  expect(await attempt.closed).toBe(
    `cannot connect to srt://127.0.0.1:${port}: no answer (connection timeout)`,
  );
}, 60_000);

test('an invalid URL is refused at construction, without echoing the passphrase', () => {
  const make = (url: string) => () => new SrtCaller({ url, onData: () => {}, onClosed: () => {} });
  expect(make('srt://127.0.0.1:9000?passphrase=short')).toThrow('invalid SRT URL: passphrase ****');
  expect(make('rtmp://127.0.0.1:9000')).toThrow('invalid SRT URL');
});
