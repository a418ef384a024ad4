import { Database } from 'bun:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations.ts';

/**
 * Opens (creating if needed) the embedded database and brings its schema up to date.
 * WAL + synchronous=FULL: a committed write survives a crash or power cut; a write
 * interrupted mid-transaction is rolled back on the next open.
 */
export function openDatabase(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { create: true, strict: true });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  migrate(db);
  return db;
}

export function schemaVersion(db: Database): number {
  return (db.query('PRAGMA user_version').get() as { user_version: number }).user_version;
}

function migrate(db: Database): void {
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new Error(
      `database schema version ${current} is newer than this build knows (${migrations.length}); refusing to run`,
    );
  }
  for (let version = current + 1; version <= migrations.length; version++) {
    // Each migration and its version bump commit together, or not at all.
    db.transaction(() => {
      db.exec(migrations[version - 1] as string);
      db.exec(`PRAGMA user_version = ${version}`);
    })();
  }
}

/** Readiness: proves the store accepts a durable write right now. */
export function probeWritable(db: Database): void {
  db.query(
    'INSERT INTO health_probe (id, at) VALUES (1, ?1) ON CONFLICT(id) DO UPDATE SET at = excluded.at',
  ).run(new Date().toISOString());
}
