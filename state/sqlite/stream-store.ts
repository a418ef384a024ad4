import type { Database } from 'bun:sqlite';
import { ConflictError } from '../../defs/errors.ts';
import type { NewStream, StreamStore } from '../../defs/ports.ts';
import type { LadderRung, Page, StreamListQuery, StreamPatch, StreamRecord } from '../../defs/stream.ts';
import { randomToken } from '../secret-token.ts';

interface StreamRow {
  id: string;
  name: string;
  stream_key: string;
  udp_port: number;
  enabled: number;
  part_target_seconds: number;
  segment_target_seconds: number;
  publisher_policy: 'reject' | 'takeover';
  srt_passphrase: string | null;
  srt_latency_ms: number;
  source_url: string | null;
  record: number;
  udp_multicast_group: string | null;
  ladder: string | null;
  dvr_window_seconds: number | null;
  created_at: string;
  updated_at: string;
}

function toRecord(row: StreamRow): StreamRecord {
  return {
    id: row.id,
    name: row.name,
    streamKey: row.stream_key,
    udpPort: row.udp_port,
    enabled: row.enabled === 1,
    partTargetSeconds: row.part_target_seconds,
    segmentTargetSeconds: row.segment_target_seconds,
    publisherPolicy: row.publisher_policy,
    srtPassphrase: row.srt_passphrase,
    srtLatencyMs: row.srt_latency_ms,
    sourceUrl: row.source_url,
    record: row.record === 1,
    udpMulticastGroup: row.udp_multicast_group,
    ladder: row.ladder ? (JSON.parse(row.ladder) as LadderRung[]) : null,
    dvrWindowSeconds: row.dvr_window_seconds,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** libsrt's own default receiver latency. */
export const DEFAULT_SRT_LATENCY_MS = 120;

export interface SqliteStreamStoreOptions {
  db: Database;
  udpPortRange: { min: number; max: number };
}

/** Streams and their keys in bun:sqlite; every write is one transaction. */
export class SqliteStreamStore implements StreamStore {
  readonly #db: Database;
  readonly #udp: { min: number; max: number };

  constructor(options: SqliteStreamStoreOptions) {
    this.#db = options.db;
    this.#udp = options.udpPortRange;
  }

  create(input: NewStream): StreamRecord {
    return this.#db.transaction(() => {
      if (this.findByName(input.name))
        throw new ConflictError(`A stream named "${input.name}" already exists.`);
      const now = new Date().toISOString();
      const id = randomToken('str_', 9);
      this.#db
        .query(
          `INSERT INTO streams (id, name, stream_key, udp_port, enabled, part_target_seconds, segment_target_seconds,
             publisher_policy, srt_passphrase, srt_latency_ms, source_url, record, udp_multicast_group,
             ladder, dvr_window_seconds, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?13, ?14, ?15, ?16, ?12, ?12)`,
        )
        .run(
          id,
          input.name,
          randomToken('sk_'),
          this.#freeUdpPort(),
          input.enabled ? 1 : 0,
          input.partTargetSeconds,
          input.segmentTargetSeconds,
          input.publisherPolicy ?? 'reject',
          input.srtPassphrase ?? null,
          input.srtLatencyMs ?? DEFAULT_SRT_LATENCY_MS,
          input.sourceUrl ?? null,
          now,
          input.record ? 1 : 0,
          input.udpMulticastGroup ?? null,
          input.ladder ? JSON.stringify(input.ladder) : null,
          input.dvrWindowSeconds ?? null,
        );
      return this.get(id) as StreamRecord;
    })();
  }

  /** Lowest port of the range no stream holds yet. */
  #freeUdpPort(): number {
    const taken = new Set(
      (this.#db.query('SELECT udp_port FROM streams').all() as { udp_port: number }[]).map((r) => r.udp_port),
    );
    for (let port = this.#udp.min; port <= this.#udp.max; port++) if (!taken.has(port)) return port;
    throw new ConflictError(
      `No UDP ingest port is free in ${this.#udp.min}-${this.#udp.max}; widen ingest.udpPortMin/udpPortMax.`,
    );
  }

  get(id: string): StreamRecord | undefined {
    const row = this.#db.query('SELECT * FROM streams WHERE id = ?1').get(id) as StreamRow | null;
    return row ? toRecord(row) : undefined;
  }

  findByName(name: string): StreamRecord | undefined {
    const row = this.#db.query('SELECT * FROM streams WHERE name = ?1').get(name) as StreamRow | null;
    return row ? toRecord(row) : undefined;
  }

  findByKey(streamKey: string): StreamRecord | undefined {
    const row = this.#db
      .query('SELECT * FROM streams WHERE stream_key = ?1')
      .get(streamKey) as StreamRow | null;
    return row ? toRecord(row) : undefined;
  }

  list(query: StreamListQuery): Page<StreamRecord> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.enabled !== undefined) {
      params.push(query.enabled ? 1 : 0);
      where.push(`enabled = ?${params.length}`);
    }
    if (query.nameContains) {
      // LIKE wildcards in the user's text are taken literally.
      params.push(`%${query.nameContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`name LIKE ?${params.length} ESCAPE '\\'`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (
      this.#db.query(`SELECT COUNT(*) AS n FROM streams ${clause}`).get(...params) as { n: number }
    ).n;
    const rows = this.#db
      .query(
        `SELECT * FROM streams ${clause} ORDER BY created_at, id LIMIT ${query.limit} OFFSET ${query.offset}`,
      )
      .all(...params) as StreamRow[];
    return { items: rows.map(toRecord), total, limit: query.limit, offset: query.offset };
  }

  update(id: string, patch: StreamPatch): StreamRecord | undefined {
    return this.#db.transaction(() => {
      const current = this.get(id);
      if (!current) return undefined;
      if (
        patch.name !== undefined &&
        patch.name.toLowerCase() !== current.name.toLowerCase() &&
        this.findByName(patch.name)
      ) {
        throw new ConflictError(`A stream named "${patch.name}" already exists.`);
      }
      const next = { ...current, ...patch };
      this.#db
        .query(
          `UPDATE streams SET name = ?2, enabled = ?3, part_target_seconds = ?4, segment_target_seconds = ?5,
             publisher_policy = ?6, srt_passphrase = ?7, srt_latency_ms = ?8, source_url = ?9, updated_at = ?10,
             record = ?11, udp_multicast_group = ?12, ladder = ?13, dvr_window_seconds = ?14
           WHERE id = ?1`,
        )
        .run(
          id,
          next.name,
          next.enabled ? 1 : 0,
          next.partTargetSeconds,
          next.segmentTargetSeconds,
          next.publisherPolicy,
          next.srtPassphrase,
          next.srtLatencyMs,
          next.sourceUrl,
          new Date().toISOString(),
          next.record ? 1 : 0,
          next.udpMulticastGroup,
          next.ladder ? JSON.stringify(next.ladder) : null,
          next.dvrWindowSeconds,
        );
      return this.get(id);
    })();
  }

  rotateKey(id: string): StreamRecord | undefined {
    const changes = this.#db
      .query('UPDATE streams SET stream_key = ?2, updated_at = ?3 WHERE id = ?1')
      .run(id, randomToken('sk_'), new Date().toISOString()).changes;
    return changes ? this.get(id) : undefined;
  }

  delete(id: string): boolean {
    return this.#db.query('DELETE FROM streams WHERE id = ?1').run(id).changes > 0;
  }
}
