import { expect, test } from 'bun:test';
import type { IngestContainer } from '../defs/ingest.ts';
import type { StreamRecord } from '../defs/stream.ts';
import { waitFor } from '../tests/harness/wait-for.ts';
import { type IngestSink, PublishRegistry } from './publish-registry.ts';

function streamRecord(overrides: Partial<StreamRecord> = {}): StreamRecord {
  return {
    id: 'str_aaaaaaaaaaaa',
    name: 'main',
    streamKey: 'sk_main_secret_key',
    enabled: true,
    udpPort: 10000,
    partTargetSeconds: 0.2,
    segmentTargetSeconds: 2,
    publisherPolicy: 'reject',
    srtPassphrase: null,
    srtLatencyMs: 120,
    sourceUrl: null,
    record: false,
    udpMulticastGroup: null,
    ladder: null,
    dvrWindowSeconds: null,
    createdAt: '',
    updatedAt: '',
    ...overrides,
  };
}

/** Records what the registry asks of the packaging side. */
class RecordingSink implements IngestSink {
  calls: string[] = [];
  bytes = 0;
  accept = true;
  begin(stream: StreamRecord, container: IngestContainer, resumed: boolean) {
    this.calls.push(`begin ${stream.name} ${container}${resumed ? ' resumed' : ''}`);
  }
  write(_id: string, bytes: Uint8Array) {
    this.bytes += bytes.length;
    return this.accept;
  }
  pause() {
    this.calls.push('pause');
  }
  end(_id: string, reason: string) {
    this.calls.push(`end ${reason}`);
  }
}

function setup(stream = streamRecord(), options: { graceMs?: number; silenceMs?: number } = {}) {
  const sink = new RecordingSink();
  const registry = new PublishRegistry({
    streams: { findByKey: (key) => (key === stream.streamKey ? stream : undefined) },
    sink,
    reconnectGraceMs: options.graceMs ?? 200,
    silenceTimeoutMs: options.silenceMs ?? 60_000,
  });
  registry.start();
  return { sink, registry, stream };
}

const publish = (key: string, remote = '10.0.0.1:5000') => ({
  protocol: 'rtmp' as const,
  streamKey: key,
  remoteAddress: remote,
  container: 'flv' as const,
});

test('refuses unknown keys (401), disabled streams (403) and a second publisher (409)', () => {
  const { registry, stream, sink } = setup();
  expect(registry.open(publish('sk_wrong_key_123'))).toMatchObject({ ok: false, status: 401 });
  const first = registry.open(publish(stream.streamKey));
  expect(first.ok).toBe(true);
  const second = registry.open(publish(stream.streamKey, '10.0.0.2:6000'));
  expect(second).toMatchObject({ ok: false, status: 409 });
  expect(sink.calls).toEqual(['begin main flv']);

  const disabled = setup(streamRecord({ enabled: false }));
  expect(disabled.registry.authorize(publish(stream.streamKey))).toMatchObject({ ok: false, status: 403 });
  registry.close();
  disabled.registry.close();
});

test('takeover: the new publisher replaces the old one, which is disconnected', () => {
  const { registry, stream, sink } = setup(streamRecord({ publisherPolicy: 'takeover' }));
  const first = registry.open(publish(stream.streamKey));
  if (!first.ok) throw new Error('first publish refused');
  const closed: string[] = [];
  first.feed.onClose((reason) => closed.push(reason));
  const second = registry.open({ ...publish(stream.streamKey, '10.0.0.2:6000'), container: 'mpegts' });
  expect(second.ok).toBe(true);
  expect(closed).toHaveLength(1);
  expect(closed[0]).toContain('taken over');
  expect(first.feed.write(new Uint8Array(10))).toBe(false);
  expect(sink.calls).toEqual(['begin main flv', 'begin main mpegts resumed']);
  expect(registry.status(stream.id)).toMatchObject({
    state: 'live',
    remoteAddress: '10.0.0.2:6000',
    reconnects: 1,
  });
  registry.close();
});

test('a publisher back within the grace period continues the stream; after it, the stream ends', async () => {
  const { registry, stream, sink } = setup(streamRecord(), { graceMs: 300 });
  const first = registry.open(publish(stream.streamKey));
  if (!first.ok) throw new Error('refused');
  expect(first.feed.write(new Uint8Array(1000))).toBe(true);
  first.feed.end('encoder disconnected');
  expect(registry.status(stream.id).state).toBe('reconnecting');
  const back = registry.open(publish(stream.streamKey));
  expect(back.ok).toBe(true);
  expect(sink.calls).toEqual(['begin main flv', 'pause', 'begin main flv resumed']);
  if (!back.ok) return;
  back.feed.end('encoder disconnected again');
  await waitFor(() => registry.status(stream.id).state === 'offline', 3000, 'the stream to end');
  expect(sink.calls.at(-1)).toContain('no publisher within 300 ms');
  registry.close();
});

test('counts bytes and rate, and drops the publisher when the sink refuses more', () => {
  const { registry, stream, sink } = setup();
  const opened = registry.open(publish(stream.streamKey));
  if (!opened.ok) throw new Error('refused');
  for (let i = 0; i < 10; i++) opened.feed.write(new Uint8Array(1316));
  opened.feed.reportStats({ rttMs: 12 });
  expect(registry.status(stream.id)).toMatchObject({
    state: 'live',
    protocol: 'rtmp',
    bytesReceived: 13160,
    protocolStats: { rttMs: 12 },
  });
  expect(sink.bytes).toBe(13160);
  sink.accept = false;
  expect(opened.feed.write(new Uint8Array(1))).toBe(false);
  registry.close();
});

test('a silent publisher is disconnected after the silence timeout', async () => {
  const { registry, stream } = setup(streamRecord(), { silenceMs: 150, graceMs: 0 });
  const opened = registry.open(publish(stream.streamKey));
  if (!opened.ok) throw new Error('refused');
  let closedWith = '';
  opened.feed.onClose((reason) => {
    closedWith = reason;
  });
  await waitFor(() => closedWith !== '', 3000, 'the silent publisher to be closed');
  expect(closedWith).toMatch(/no data for/);
  expect(registry.status(stream.id).state).toBe('offline');
  registry.close();
});
