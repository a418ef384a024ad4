import { expect, test } from 'bun:test';
import type { IngestStatus, MediaStatus } from '../../defs/stream-status.ts';
import type { DestinationView } from './api-types.ts';
import { type ConsoleEvent, parseConsoleEvent } from './console-events.ts';
import {
  type Badge,
  badgeOf,
  offline,
  reduceDestinations,
  reduceLiveness,
  type StreamLiveness,
} from './live-state.ts';

const at = '2026-01-01T12:00:00.000Z';
const event = (type: string, data: Record<string, unknown>) =>
  parseConsoleEvent(JSON.stringify({ type, data, at })) as ConsoleEvent;

const ingestStatus = (over: Partial<IngestStatus> = {}): IngestStatus => ({
  state: 'live',
  protocol: 'udp',
  remoteAddress: '127.0.0.1:5000',
  connectedAt: at,
  lastPacketAt: at,
  bytesReceived: 1000,
  bitrateKbps: 850,
  reconnects: 0,
  protocolStats: {},
  ...over,
});

test('socket messages are parsed only when they have the shape of a known event', () => {
  expect(event('stream.live', { streamId: 'str_1', name: 'a' })).toEqual({
    type: 'stream.live',
    data: { streamId: 'str_1', name: 'a' },
    at,
  });
  expect(parseConsoleEvent('not json')).toBeUndefined();
  expect(parseConsoleEvent(JSON.stringify({ type: 'stream.live', data: { name: 'a' } }))).toBeUndefined();
  expect(parseConsoleEvent(JSON.stringify({ type: 'mystery', data: { streamId: 'x' } }))).toBeUndefined();
  expect(
    parseConsoleEvent(JSON.stringify({ type: 'ingest.stats', data: { streamId: 'x' } })),
  ).toBeUndefined();
  expect(
    parseConsoleEvent(JSON.stringify({ type: 'restream.status', data: { streamId: 'x' } })),
  ).toBeUndefined();
  expect(parseConsoleEvent(JSON.stringify([1, 2]))).toBeUndefined();
  // media.stats without the figures the console computes with is dropped.
  expect(
    parseConsoleEvent(
      JSON.stringify({ type: 'media.stats', data: { streamId: 'x', media: { live: true } } }),
    ),
  ).toBeUndefined();
});

const mediaStatus = (over: Partial<MediaStatus> = {}): MediaStatus => ({
  live: true,
  videoCodec: 'avc1.64001f',
  audioCodec: 'mp4a.40.2',
  width: 1280,
  height: 720,
  frameRate: 30,
  keyframeIntervalSeconds: 2,
  bitrateKbps: 2500,
  audioSampleRate: 48_000,
  audioChannels: 2,
  partTargetSeconds: 0.2,
  partsProduced: 100,
  encoder: 'copy',
  encoderReason: null,
  renditions: ['video'],
  viewers: { hls: 2, dash: 1 },
  latency: { partPublishMs: 0.4, edgeAgeMs: 120, partHoldBackSeconds: 0.6 },
  ...over,
});

test('media.stats carries viewers (HLS and DASH together) and media liveness; stream.offline clears them', () => {
  let states: ReadonlyMap<string, StreamLiveness> = new Map();
  states = reduceLiveness(states, event('media.stats', { streamId: 's', name: 'a', media: mediaStatus() }));
  expect(states.get('s')).toMatchObject({ viewers: 3, mediaLive: true, ingest: 'offline' });
  expect(badgeOf(states.get('s'))).toBe('live');
  states = reduceLiveness(
    states,
    event('media.stats', { streamId: 's', name: 'a', media: mediaStatus({ viewers: { hls: 0, dash: 4 } }) }),
  );
  expect(states.get('s')?.viewers).toBe(4);
  states = reduceLiveness(states, event('stream.offline', { streamId: 's', name: 'a', reason: 'gone' }));
  expect(states.get('s')).toMatchObject({ viewers: 0, mediaLive: false });
});

test('a publisher arrives, sends, drops into the grace, and the stream ends', () => {
  const steps: [ConsoleEvent, Partial<StreamLiveness>, Badge][] = [
    [
      event('ingest.status', {
        streamId: 's',
        name: 'a',
        state: 'live',
        protocol: 'srt',
        remoteAddress: '1.2.3.4:9',
      }),
      { ingest: 'live', protocol: 'srt', bitrateKbps: 0 },
      'live',
    ],
    [event('stream.live', { streamId: 's', name: 'a' }), { mediaLive: true }, 'live'],
    [
      event('ingest.stats', {
        streamId: 's',
        name: 'a',
        status: ingestStatus({ protocol: 'srt', bitrateKbps: 2400 }),
      }),
      { bitrateKbps: 2400 },
      'live',
    ],
    [
      event('ingest.status', {
        streamId: 's',
        name: 'a',
        state: 'reconnecting',
        protocol: 'srt',
        remoteAddress: null,
      }),
      { ingest: 'reconnecting', bitrateKbps: 0, mediaLive: true },
      'reconnecting',
    ],
    [
      event('stream.error', { streamId: 's', message: 'ffmpeg exited' }),
      { lastError: 'ffmpeg exited' },
      'reconnecting',
    ],
    [
      event('ingest.status', {
        streamId: 's',
        name: 'a',
        state: 'offline',
        protocol: null,
        remoteAddress: null,
      }),
      { ingest: 'offline' },
      'live',
    ],
    [
      event('stream.offline', { streamId: 's', name: 'a', reason: 'publisher gone' }),
      { mediaLive: false },
      'offline',
    ],
  ];
  let states: ReadonlyMap<string, StreamLiveness> = new Map();
  for (const [e, expected, badge] of steps) {
    states = reduceLiveness(states, e);
    expect(states.get('s')).toMatchObject(expected);
    expect(badgeOf(states.get('s'))).toBe(badge);
  }
  states = reduceLiveness(states, event('stream.deleted', { streamId: 's' }));
  expect(states.has('s')).toBe(false);
  expect(badgeOf(undefined)).toBe('offline');
});

test('events that say nothing about liveness keep the same state object', () => {
  const states = new Map([['s', offline]]);
  expect(reduceLiveness(states, event('stream.updated', { streamId: 's' }))).toBe(states);
  expect(
    reduceLiveness(
      states,
      event('restream.status', {
        streamId: 's',
        destinationId: 'd',
        name: 'x',
        state: 'live',
        previous: 'connecting',
        reason: '',
        lastError: null,
      }),
    ),
  ).toBe(states);
});

test('restream.status updates the named destination only and keeps the last error', () => {
  const destination = (id: string): DestinationView => ({
    id,
    streamId: 's',
    name: id,
    url: 'udp://127.0.0.1:9',
    protocol: 'udp',
    enabled: true,
    maxAttempts: 0,
    createdAt: at,
    updatedAt: at,
    status: {
      state: 'connecting',
      since: at,
      reason: 'starting',
      lastError: 'refused',
      lastErrorAt: at,
      uptimeMs: 0,
      reconnects: 0,
      bytesIn: 0,
      bytesOut: 0,
      bitrateKbps: 0,
      droppedBytes: 0,
      pendingBytes: 0,
    },
  });
  const list = [destination('d1'), destination('d2')];
  const live = reduceDestinations(
    list,
    event('restream.status', {
      streamId: 's',
      destinationId: 'd2',
      name: 'd2',
      state: 'live',
      previous: 'connecting',
      reason: 'bytes flow',
      lastError: null,
    }),
  );
  expect(live[0]).toBe(list[0] as DestinationView);
  expect(live[1]?.status).toMatchObject({ state: 'live', reason: 'bytes flow', lastError: 'refused' });
  const unknown = event('restream.status', {
    streamId: 's',
    destinationId: 'd9',
    name: 'd9',
    state: 'failed',
    previous: 'retrying',
    reason: '',
    lastError: 'x',
  });
  expect(reduceDestinations(list, unknown)).toBe(list);
});
