import type { Database } from 'bun:sqlite';
import type {
  DestinationEncode,
  DestinationPatch,
  DestinationRecord,
  NewDestination,
} from '../../defs/destination.ts';
import { NotFoundError } from '../../defs/errors.ts';
import type { DestinationStore } from '../../defs/ports.ts';
import { randomToken } from '../secret-token.ts';

interface DestinationRow {
  id: string;
  stream_id: string;
  name: string;
  url: string;
  enabled: number;
  encode: string | null;
  max_attempts: number;
  created_at: string;
  updated_at: string | null;
}

function toRecord(row: DestinationRow): DestinationRecord {
  return {
    id: row.id,
    streamId: row.stream_id,
    name: row.name,
    url: row.url,
    enabled: row.enabled === 1,
    encode: row.encode ? (JSON.parse(row.encode) as DestinationEncode) : null,
    maxAttempts: row.max_attempts,
    createdAt: row.created_at,
    // rows from before migration 6 have no update time: they were last changed at creation
    updatedAt: row.updated_at ?? row.created_at,
  };
}

/** Restream destinations in bun:sqlite; they go with their stream (ON DELETE CASCADE). */
export class SqliteDestinationStore implements DestinationStore {
  readonly #db: Database;

  constructor(options: { db: Database }) {
    this.#db = options.db;
  }

  /** Throws NotFoundError when the stream does not exist (the foreign key would refuse it). */
  create(input: NewDestination): DestinationRecord {
    const stream = this.#db.query('SELECT 1 FROM streams WHERE id = ?1').get(input.streamId);
    if (!stream) throw new NotFoundError(`No stream with id ${input.streamId}.`);
    const id = randomToken('dst_', 9);
    const now = new Date().toISOString();
    this.#db
      .query(
        `INSERT INTO destinations (id, stream_id, name, url, enabled, encode, max_attempts, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)`,
      )
      .run(
        id,
        input.streamId,
        input.name,
        input.url,
        input.enabled === false ? 0 : 1,
        input.encode ? JSON.stringify(input.encode) : null,
        input.maxAttempts ?? 0,
        now,
      );
    return this.get(id) as DestinationRecord;
  }

  get(id: string): DestinationRecord | undefined {
    const row = this.#db.query('SELECT * FROM destinations WHERE id = ?1').get(id) as DestinationRow | null;
    return row ? toRecord(row) : undefined;
  }

  listByStream(streamId: string): DestinationRecord[] {
    const rows = this.#db
      .query('SELECT * FROM destinations WHERE stream_id = ?1 ORDER BY created_at, rowid')
      .all(streamId) as DestinationRow[];
    return rows.map(toRecord);
  }

  streamsWithDestinations(): string[] {
    const rows = this.#db.query('SELECT DISTINCT stream_id FROM destinations').all() as {
      stream_id: string;
    }[];
    return rows.map((row) => row.stream_id);
  }

  update(id: string, patch: DestinationPatch): DestinationRecord | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    // an absent field and one set to undefined both mean "unchanged"
    const given = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    const next: DestinationRecord = { ...current, ...given };
    this.#db
      .query(
        `UPDATE destinations SET name = ?2, url = ?3, enabled = ?4, encode = ?5, max_attempts = ?6, updated_at = ?7
         WHERE id = ?1`,
      )
      .run(
        id,
        next.name,
        next.url,
        next.enabled ? 1 : 0,
        next.encode ? JSON.stringify(next.encode) : null,
        next.maxAttempts,
        new Date().toISOString(),
      );
    return this.get(id);
  }

  delete(id: string): boolean {
    return this.#db.query('DELETE FROM destinations WHERE id = ?1').run(id).changes > 0;
  }
}
