import type { Database } from 'bun:sqlite';
import type { AssetListQuery, AssetPatch, AssetRecord, AssetState, NewAsset } from '../../defs/asset.ts';
import type { AssetStore } from '../../defs/ports.ts';
import type { Page } from '../../defs/stream.ts';
import { randomToken } from '../secret-token.ts';

interface AssetRow {
  id: string;
  stream_id: string;
  stream_name: string;
  state: AssetState;
  started_at: string;
  ended_at: string | null;
  duration_seconds: number;
  bytes: number;
  segment_count: number;
  path: string;
  failure_reason: string | null;
}

function toRecord(row: AssetRow): AssetRecord {
  return {
    id: row.id,
    streamId: row.stream_id,
    streamName: row.stream_name,
    state: row.state,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationSeconds: row.duration_seconds,
    bytes: row.bytes,
    segmentCount: row.segment_count,
    path: row.path,
    failureReason: row.failure_reason,
  };
}

/** Where an asset's files live, relative to the data directory: derived from its id, never from input. */
export function assetPath(id: string): string {
  return `recordings/${id}`;
}

/** Recorded sessions (VOD assets) in bun:sqlite; every write is one statement or one transaction. */
export class SqliteAssetStore implements AssetStore {
  readonly #db: Database;

  constructor(options: { db: Database }) {
    this.#db = options.db;
  }

  create(input: NewAsset): AssetRecord {
    const id = randomToken('ast_', 9);
    this.#db
      .query(
        `INSERT INTO assets (id, stream_id, stream_name, state, started_at, path)
         VALUES (?1, ?2, ?3, 'recording', ?4, ?5)`,
      )
      .run(id, input.streamId, input.streamName, input.startedAt, assetPath(id));
    return this.get(id) as AssetRecord;
  }

  get(id: string): AssetRecord | undefined {
    const row = this.#db.query('SELECT * FROM assets WHERE id = ?1').get(id) as AssetRow | null;
    return row ? toRecord(row) : undefined;
  }

  /** Newest first. */
  list(query: AssetListQuery): Page<AssetRecord> {
    const where: string[] = [];
    const params: string[] = [];
    const filter = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`${column} = ?${params.length}`);
    };
    filter('stream_id', query.streamId);
    filter('stream_name COLLATE NOCASE', query.streamName);
    filter('state', query.state);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (
      this.#db.query(`SELECT COUNT(*) AS n FROM assets ${clause}`).get(...params) as { n: number }
    ).n;
    const rows = this.#db
      .query(
        `SELECT * FROM assets ${clause} ORDER BY started_at DESC, id LIMIT ${Math.trunc(query.limit)} OFFSET ${Math.trunc(query.offset)}`,
      )
      .all(...params) as AssetRow[];
    return { items: rows.map(toRecord), total, limit: query.limit, offset: query.offset };
  }

  update(id: string, patch: AssetPatch): AssetRecord | undefined {
    return this.#db.transaction(() => {
      const current = this.get(id);
      if (!current) return undefined;
      const next = { ...current, ...patch };
      this.#db
        .query(
          `UPDATE assets SET state = ?2, ended_at = ?3, duration_seconds = ?4, bytes = ?5, segment_count = ?6,
             failure_reason = ?7
           WHERE id = ?1`,
        )
        .run(
          id,
          next.state,
          next.endedAt,
          next.durationSeconds,
          next.bytes,
          next.segmentCount,
          next.failureReason,
        );
      return this.get(id);
    })();
  }

  delete(id: string): boolean {
    return this.#db.query('DELETE FROM assets WHERE id = ?1').run(id).changes > 0;
  }
}
