import { describe, expect, test } from 'bun:test';
import { NotFoundError } from '../../defs/errors.ts';
import { SqliteDestinationStore } from './destination-store.ts';
import { openDatabase } from './open-database.ts';
import { SqliteStreamStore } from './stream-store.ts';

function stores() {
  const db = openDatabase(':memory:');
  const streams = new SqliteStreamStore({ db, udpPortRange: { min: 40_000, max: 40_010 } });
  const stream = streams.create({
    name: 'main',
    partTargetSeconds: 0.2,
    segmentTargetSeconds: 2,
    enabled: true,
  });
  return { streams, stream, destinations: new SqliteDestinationStore({ db }) };
}

describe('SqliteDestinationStore', () => {
  test('a destination is stored with its defaults and read back as it was written', () => {
    const { stream, destinations } = stores();
    const created = destinations.create({ streamId: stream.id, name: 'YouTube', url: 'rtmp://a/live2/key' });
    expect(created.id).toMatch(/^dst_[A-Za-z0-9_-]{12}$/);
    expect(created).toMatchObject({
      streamId: stream.id,
      name: 'YouTube',
      url: 'rtmp://a/live2/key',
      enabled: true,
      encode: null,
      maxAttempts: 0,
    });
    expect(created.updatedAt).toBe(created.createdAt);
    expect(destinations.get(created.id)).toEqual(created);
  });

  test('a re-encode profile and an attempt limit survive the round trip; updates change only what is given', () => {
    const { stream, destinations } = stores();
    const created = destinations.create({
      streamId: stream.id,
      name: 'low',
      url: 'srt://10.0.0.1:9000',
      encode: { videoBitrateKbps: 2500, maxHeight: 720 },
      maxAttempts: 5,
      enabled: false,
    });
    expect(created).toMatchObject({
      encode: { videoBitrateKbps: 2500, maxHeight: 720 },
      maxAttempts: 5,
      enabled: false,
    });
    const updated = destinations.update(created.id, { enabled: true, encode: null, name: undefined });
    expect(updated).toMatchObject({
      name: 'low',
      url: 'srt://10.0.0.1:9000',
      enabled: true,
      encode: null,
      maxAttempts: 5,
    });
    expect(destinations.update('dst_nonexistent0', { name: 'x' })).toBeUndefined();
  });

  test('listed per stream oldest first; deleting the stream deletes its destinations', () => {
    const { streams, stream, destinations } = stores();
    const other = streams.create({
      name: 'other',
      partTargetSeconds: 0.2,
      segmentTargetSeconds: 2,
      enabled: true,
    });
    const a = destinations.create({ streamId: stream.id, name: 'a', url: 'udp://127.0.0.1:5000' });
    const b = destinations.create({ streamId: stream.id, name: 'b', url: 'udp://127.0.0.1:5001' });
    destinations.create({ streamId: other.id, name: 'c', url: 'udp://127.0.0.1:5002' });
    expect(destinations.listByStream(stream.id).map((d) => d.id)).toEqual([a.id, b.id]);
    expect(new Set(destinations.streamsWithDestinations())).toEqual(new Set([stream.id, other.id]));
    streams.delete(stream.id);
    expect(destinations.listByStream(stream.id)).toEqual([]);
    expect(destinations.get(a.id)).toBeUndefined();
    expect(destinations.streamsWithDestinations()).toEqual([other.id]);
  });

  test('a destination for a stream that does not exist is refused; delete says whether it removed one', () => {
    const { stream, destinations } = stores();
    expect(() => destinations.create({ streamId: 'str_nonexistent0', name: 'x', url: 'udp://h:1' })).toThrow(
      NotFoundError,
    );
    const d = destinations.create({ streamId: stream.id, name: 'x', url: 'udp://h:1' });
    expect(destinations.delete(d.id)).toBe(true);
    expect(destinations.delete(d.id)).toBe(false);
  });
});
