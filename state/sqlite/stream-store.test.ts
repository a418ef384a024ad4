import { describe, expect, test } from 'bun:test';
import { tmpdir } from 'node:os';
import { ConflictError } from '../../defs/errors.ts';
import { SqliteApiKeyStore } from './api-key-store.ts';
import { migrations } from './migrations.ts';
import { openDatabase, schemaVersion } from './open-database.ts';
import { SqliteStreamStore } from './stream-store.ts';

const newStream = (name: string) => ({
  name,
  enabled: true,
  partTargetSeconds: 0.2,
  segmentTargetSeconds: 2,
});

describe('SqliteStreamStore', () => {
  test('UDP ports are handed out lowest-free-first and reused after delete', () => {
    const store = new SqliteStreamStore({
      db: openDatabase(':memory:'),
      udpPortRange: { min: 5000, max: 5001 },
    });
    const a = store.create(newStream('a'));
    const b = store.create(newStream('b'));
    expect([a.udpPort, b.udpPort]).toEqual([5000, 5001]);
    expect(() => store.create(newStream('c'))).toThrow(ConflictError);
    // The failed create left nothing behind.
    expect(store.list({ limit: 10, offset: 0 }).total).toBe(2);
    store.delete(a.id);
    expect(store.create(newStream('c')).udpPort).toBe(5000);
  });

  test('keys are unique, findable, and rotation invalidates the old one', () => {
    const store = new SqliteStreamStore({ db: openDatabase(':memory:'), udpPortRange: { min: 1, max: 100 } });
    const s = store.create(newStream('k'));
    expect(store.findByKey(s.streamKey)?.id).toBe(s.id);
    const rotated = store.rotateKey(s.id);
    expect(rotated?.streamKey).not.toBe(s.streamKey);
    expect(store.findByKey(s.streamKey)).toBeUndefined();
    expect(store.findByName('K')?.id).toBe(s.id); // names are case-insensitive
  });
});

describe('SqliteApiKeyStore', () => {
  test('verifies only the exact, unrevoked key; stores no plaintext', () => {
    const db = openDatabase(':memory:');
    const keys = new SqliteApiKeyStore({ db });
    const { record, key } = keys.create('ci', 'read');
    expect(keys.verify(key)?.id).toBe(record.id);
    expect(keys.verify(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(keys.verify('garbage')).toBeUndefined();
    const stored = JSON.stringify(db.query('SELECT * FROM api_keys').all());
    expect(stored).not.toContain(key.slice(12));
    keys.revoke(record.id);
    expect(keys.verify(key)).toBeUndefined();
    expect(keys.count()).toBe(0);
  });
});

describe('migrations', () => {
  test('apply once, record the version, and re-open without re-running', () => {
    const path = `${tmpdir()}/tw-migrate-${Date.now()}.db`;
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(migrations.length);
    db.close();
    const again = openDatabase(path);
    expect(schemaVersion(again)).toBe(migrations.length);
    expect((again.query('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    again.close();
  });

  test('a database from a newer build is refused rather than damaged', () => {
    const path = `${tmpdir()}/tw-newer-${Date.now()}.db`;
    const file = openDatabase(path);
    file.exec(`PRAGMA user_version = ${migrations.length + 1}`);
    file.close();
    expect(() => openDatabase(path)).toThrow(/newer than this build/);
  });
});
