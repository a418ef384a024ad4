/**
 * Restream through the origin: destinations added over the API are fed from the
 * stream's source copy (one publisher, no second pull), each through its own FFmpeg to
 * real local sinks: an RTMP receiver (ffmpeg -listen), an SRT listener
 * (srt-live-transmit) and a UDP socket. YouTube and Twitch cannot be reached from
 * here: their presets are checked as URLs only.
 */
import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  destinationFfmpegPids,
  freeTcpPort,
  freeUdpPort,
  probeCodecs,
  startRtmpReceiver,
  startSrtListener,
  startStalledTcpListener,
  startUdpSink,
} from '../../restream/restream-test-sinks.ts';
import { startTestOrigin, type TestOrigin, testAdminKey, testConfig } from '../harness/test-origin.ts';
import { startTestPublisher } from '../harness/test-publisher.ts';
import { waitFor } from '../harness/wait-for.ts';

const scratch = mkdtempSync(join(tmpdir(), 'tw-restream-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface DestinationView {
  id: string;
  name: string;
  url: string;
  protocol: string;
  enabled: boolean;
  status: { state: string; bytesOut: number | null; reconnects: number; lastError: string | null };
}

async function json<T>(response: Response, status: number): Promise<T> {
  const body = await response.text();
  expect({ status: response.status, body }).toMatchObject({ status });
  return JSON.parse(body) as T;
}

async function createStream(origin: TestOrigin, name: string) {
  return json<{ id: string; udpPort: number }>(
    await origin.api('/api/v1/streams', { method: 'POST', json: { name } }),
    201,
  );
}

test('one publisher restreamed to RTMP, SRT and UDP; a lost sink retries alone and comes back; the end stops every FFmpeg', async () => {
  await using origin = await startTestOrigin(testConfig({ ingest: { reconnectGrace: '1s' } }));
  const stream = await createStream(origin, 'fanned');
  const base = `/api/v1/streams/${stream.id}/destinations`;

  const rtmpKey = 'live_SECRET_rtmp_key_123';
  const passphrase = 'SECRET-srt-passphrase';
  const rtmpPort = await freeTcpPort();
  const srtPort = await freeUdpPort();
  const udp = await startUdpSink();
  const rtmpFile = (n: number) => join(scratch, `rtmp-${n}.flv`);
  let rtmpSink = startRtmpReceiver(rtmpPort, `app/${rtmpKey}`, rtmpFile(1));
  const srtBytes: Uint8Array[] = [];
  const srtSink = startSrtListener(srtPort, passphrase, (bytes) => srtBytes.push(bytes));

  const events: { type: string; data: Record<string, unknown> }[] = [];
  const socket = new WebSocket(
    `${origin.url.replace(/^http/, 'ws')}/api/v1/events?access_token=${testAdminKey}&types=restream.status,restream.stats`,
  );
  socket.onmessage = (event) => events.push(JSON.parse(String(event.data)));
  await new Promise((resolve) => {
    socket.onopen = resolve;
  });

  const add = async (name: string, url: string) =>
    json<DestinationView>(await origin.api(base, { method: 'POST', json: { name, url } }), 201);
  const rtmp = await add('rtmp sink', `rtmp://127.0.0.1:${rtmpPort}/app/${rtmpKey}`);
  const srt = await add('srt sink', `srt://127.0.0.1:${srtPort}?passphrase=${passphrase}&latency=120000`);
  const udpDestination = await add('udp sink', `udp://127.0.0.1:${udp.port}`);
  // keys and passphrases never come back
  expect(rtmp.url).not.toContain(rtmpKey);
  expect(srt.url).not.toContain(passphrase);
  expect(rtmp.url).toStartWith(`rtmp://127.0.0.1:${rtmpPort}/app/`);
  expect([rtmp.protocol, srt.protocol, udpDestination.protocol]).toEqual(['rtmp', 'srt', 'udp']);
  expect(rtmp.status.state).toBe('idle');

  const get = async (id: string) => json<DestinationView>(await origin.api(`${base}/${id}`), 200);
  const all = async () => (await json<{ items: DestinationView[] }>(await origin.api(base), 200)).items;
  const bytesOut = async (id: string) => (await get(id)).status.bytesOut ?? 0;
  const grows = async (id: string, by: number, what: string) => {
    const from = await bytesOut(id);
    await waitFor(async () => (await bytesOut(id)) >= from + by, 20_000, what);
  };

  await using publisher = startTestPublisher({
    output: ['-f', 'mpegts', `udp://127.0.0.1:${stream.udpPort}?pkt_size=1316`],
    keyframeSeconds: 1,
  });
  try {
    await waitFor(
      async () => (await all()).every((d) => d.status.state === 'live'),
      30_000,
      'all three destinations to go live once the stream is live',
    );

    // the RTMP target goes away: that destination retries; the others keep flowing
    await rtmpSink.stop();
    await waitFor(async () => (await get(rtmp.id)).status.state === 'retrying', 20_000, 'RTMP to retry');
    const failed = await get(rtmp.id);
    expect(failed.status.lastError).toBeTruthy();
    expect(failed.status.lastError).not.toContain(rtmpKey);
    await grows(srt.id, 50_000, 'SRT to keep flowing while RTMP is down');
    await grows(udpDestination.id, 50_000, 'UDP to keep flowing while RTMP is down');

    // back again: the destination reconnects by itself
    rtmpSink = startRtmpReceiver(rtmpPort, `app/${rtmpKey}`, rtmpFile(2));
    await waitFor(async () => (await get(rtmp.id)).status.state === 'live', 30_000, 'RTMP to come back');
    expect((await get(rtmp.id)).status.reconnects).toBeGreaterThan(0);
    await grows(rtmp.id, 50_000, 'RTMP to push again');

    const log = await json<{ entries: { message: string }[]; ffmpeg: string[] }>(
      await origin.api(`${base}/${rtmp.id}/log`),
      200,
    );
    expect(log.entries.some((e) => e.message.includes('retrying'))).toBe(true);
    expect(JSON.stringify(log)).not.toContain(rtmpKey);

    // the state changes went out as events, masked
    const rtmpStates = events
      .filter((e) => e.type === 'restream.status' && e.data.destinationId === rtmp.id)
      .map((e) => e.data.state as string);
    expect(rtmpStates).toContain('retrying');
    expect(rtmpStates.at(-1)).toBe('live');
    // and a snapshot of every destination every few seconds, for charts
    const snapshot = await waitFor(
      () => events.findLast((e) => e.type === 'restream.stats' && e.data.id === srt.id),
      10_000,
      'a restream.stats snapshot',
    );
    expect(snapshot.data).toMatchObject({ state: 'live', protocol: 'srt' });
    expect(snapshot.data.bytesOut as number).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toContain(rtmpKey);
    expect(JSON.stringify(events)).not.toContain(passphrase);
  } finally {
    publisher.kill();
  }

  // the publisher left: after the grace the stream ends and so does every destination
  await waitFor(
    async () => (await all()).every((d) => d.status.state === 'idle'),
    30_000,
    'every destination to go idle when the stream ends',
  );
  await waitFor(() => destinationFfmpegPids().length === 0, 10_000, 'no destination FFmpeg left');
  await rtmpSink.stop();
  await srtSink.stop();
  socket.close();

  // what each sink received is the stream: H.264 and AAC
  expect(probeCodecs(rtmpFile(2))).toEqual(new Set(['h264', 'aac']));
  expect(probeCodecs(Buffer.concat(srtBytes))).toEqual(new Set(['h264', 'aac']));
  expect(probeCodecs(udp.received())).toEqual(new Set(['h264', 'aac']));
  udp.close();
});

test('destinations through the API: validation, presets with masked keys, manual start and stop, delete', async () => {
  await using origin = await startTestOrigin();
  const stream = await createStream(origin, 'managed');
  const base = `/api/v1/streams/${stream.id}/destinations`;
  const post = (json: unknown) => origin.api(base, { method: 'POST', json });

  // refused with a clear reason, nothing stored
  for (const [body, words] of [
    [{ name: 'disk', url: 'file:///etc/passwd' }, 'rtmp://'],
    [{ name: 'web', url: 'http://example.com/x' }, 'rtmp://'],
    [{ name: 'no key', url: 'rtmp://host.example' }, 'path'],
    [{ name: 'both', url: 'rtmp://a/b/c', preset: 'youtube', streamKey: 'k' }, 'either url'],
    [{ name: 'none' }, 'either url'],
    [{ name: 'preset', preset: 'myspace', streamKey: 'abc' }, 'preset'],
    [{ name: 'enc', url: 'udp://127.0.0.1:5000', encode: { videoBitrateKbps: 5 } }, 'videoBitrateKbps'],
  ] as const) {
    const response = await post(body);
    const problem = await response.text();
    expect({ status: response.status, body }).toEqual({ status: 400, body });
    expect(problem).toContain(words);
  }
  expect((await json<{ items: unknown[] }>(await origin.api(base), 200)).items).toEqual([]);

  const youtubeKey = 'abcd-efgh-ijkl-mnop-qrst';
  const youtube = await json<DestinationView>(
    await post({ name: 'YouTube', preset: 'youtube', streamKey: youtubeKey, maxAttempts: 3 }),
    201,
  );
  expect(youtube.url).toStartWith('rtmp://a.rtmp.youtube.com/live2/');
  expect(youtube.url).not.toContain(youtubeKey);
  expect(JSON.stringify(await (await origin.api(`${base}/${youtube.id}`)).json())).not.toContain(youtubeKey);

  // a stream that is not live cannot be pushed
  const start = await origin.api(`${base}/${youtube.id}/start`, { method: 'POST' });
  expect(start.status).toBe(409);

  const presets = await json<{ items: { id: string }[] }>(
    await origin.api('/api/v1/destination-presets'),
    200,
  );
  expect(presets.items.map((p) => p.id)).toContain('twitch');

  // a read-only key sees destinations but cannot change them
  const readKey = (
    await json<{ key: string }>(
      await origin.api('/api/v1/api-keys', { method: 'POST', json: { name: 'viewer', scope: 'read' } }),
      201,
    )
  ).key;
  expect((await origin.api(base, { key: readKey })).status).toBe(200);
  expect((await origin.api(`${base}/${youtube.id}`, { method: 'DELETE', key: readKey })).status).toBe(403);

  // manual stop and start on a live stream (a UDP sink stands in for a service)
  const udp = await startUdpSink();
  const sink = await json<DestinationView>(
    await post({ name: 'sink', url: `udp://127.0.0.1:${udp.port}`, enabled: false }),
    201,
  );
  await using publisher = startTestPublisher({
    output: ['-f', 'mpegts', `udp://127.0.0.1:${stream.udpPort}?pkt_size=1316`],
  });
  const state = async (id: string) =>
    (await json<DestinationView>(await origin.api(`${base}/${id}`), 200)).status.state;
  await waitFor(
    async () => (await origin.api(`/hls/managed/index.m3u8`)).status === 200,
    30_000,
    'the stream to go live',
  );
  // disabled: not started with the stream
  expect(await state(sink.id)).toBe('idle');
  expect((await origin.api(`${base}/${sink.id}/start`, { method: 'POST' })).status).toBe(200);
  await waitFor(async () => (await state(sink.id)) === 'live', 20_000, 'the started destination to go live');
  expect((await origin.api(`${base}/${sink.id}/stop`, { method: 'POST' })).status).toBe(200);
  expect(await state(sink.id)).toBe('stopped');
  const received = udp.bytes();
  expect(received).toBeGreaterThan(0);

  // enabling it through PATCH starts it on the live stream
  const patched = await origin.api(`${base}/${sink.id}`, { method: 'PATCH', json: { enabled: true } });
  expect(patched.status).toBe(200);
  await waitFor(async () => (await state(sink.id)) === 'live', 20_000, 'the enabled destination to go live');
  expect(udp.bytes()).toBeGreaterThan(received);

  // deleting it stops its FFmpeg
  expect((await origin.api(`${base}/${sink.id}`, { method: 'DELETE' })).status).toBe(204);
  expect((await origin.api(`${base}/${sink.id}`)).status).toBe(404);
  const after = udp.bytes();
  await Bun.sleep(1000);
  expect(udp.bytes()).toBe(after);
  publisher.kill();
  udp.close();
});

test('a publisher that reconnects within the grace: the destination starts a new session and keeps pushing', async () => {
  await using origin = await startTestOrigin(testConfig({ ingest: { reconnectGrace: '20s' } }));
  const stream = await json<{ id: string; streamKey: string }>(
    await origin.api('/api/v1/streams', { method: 'POST', json: { name: 'blip' } }),
    201,
  );
  const base = `/api/v1/streams/${stream.id}/destinations`;
  const udp = await startUdpSink();
  const sink = await json<DestinationView>(
    await origin.api(base, { method: 'POST', json: { name: 'sink', url: `udp://127.0.0.1:${udp.port}` } }),
    201,
  );
  const get = async () => json<DestinationView>(await origin.api(`${base}/${sink.id}`), 200);
  const publish = () =>
    startTestPublisher({
      output: ['-f', 'flv', `rtmp://127.0.0.1:${origin.ingestPorts.rtmp}/live/${stream.streamKey}`],
    });

  const first = publish();
  await waitFor(async () => (await get()).status.state === 'live', 30_000, 'the destination to go live');
  first.kill();
  await first.exited;
  await waitFor(async () => (await get()).status.state !== 'live', 20_000, 'the destination to notice');

  await using second = publish();
  await waitFor(async () => (await get()).status.state === 'live', 30_000, 'the destination to push again');
  const log = await json<{ entries: { message: string }[] }>(await origin.api(`${base}/${sink.id}/log`), 200);
  expect(log.entries.some((e) => e.message.includes('the source restarted'))).toBe(true);
  // the second session's bytes decode: a clean new MPEG-TS, not a spliced one
  const before = udp.bytes();
  await waitFor(() => udp.bytes() > before + 200_000, 20_000, 'bytes of the second session');
  expect(probeCodecs(udp.received().slice(-200_000))).toEqual(new Set(['h264', 'aac']));
  second.kill();
  udp.close();
});

test('a target that accepts but never reads costs the stream and the other destination nothing', async () => {
  await using origin = await startTestOrigin();
  const stream = await createStream(origin, 'stalled');
  const base = `/api/v1/streams/${stream.id}/destinations`;
  const stalled = await startStalledTcpListener();
  const udp = await startUdpSink();
  const add = async (name: string, url: string) =>
    json<DestinationView>(await origin.api(base, { method: 'POST', json: { name, url } }), 201);
  const stuck = await add('stuck', `rtmp://127.0.0.1:${stalled.port}/app/key`);
  const healthy = await add('healthy', `udp://127.0.0.1:${udp.port}`);
  const get = async (id: string) => json<DestinationView>(await origin.api(`${base}/${id}`), 200);

  await using publisher = startTestPublisher({
    output: ['-f', 'mpegts', `udp://127.0.0.1:${stream.udpPort}?pkt_size=1316`],
  });
  await waitFor(
    async () => (await get(healthy.id)).status.state === 'live',
    30_000,
    'the healthy one to go live',
  );
  const parts = async () => {
    const playlist = await (await origin.api('/hls/stalled/video.m3u8')).text();
    return (playlist.match(/#EXT-X-PART:/g) ?? []).length + 1000 * (playlist.match(/#EXTINF/g) ?? []).length;
  };
  const udpBefore = udp.bytes();
  const windowStart = performance.now();
  const partsBefore = await parts();
  // the stuck one never gets past connecting: its watchdog kills and retries the session
  await waitFor(
    async () => (await get(stuck.id)).status.lastError?.includes('stalled'),
    40_000,
    'the stuck destination to be found stalled',
  );
  expect((await get(stuck.id)).status.state).not.toBe('live');
  expect((await get(healthy.id)).status.state).toBe('live');
  // the healthy one kept receiving the stream all along (the publisher sends ~100 kB/s)
  const seconds = (performance.now() - windowStart) / 1000;
  expect((udp.bytes() - udpBefore) / seconds).toBeGreaterThan(30_000);
  expect(await parts()).toBeGreaterThan(partsBefore);
  publisher.kill();
  udp.close();
  await stalled.close();
});
