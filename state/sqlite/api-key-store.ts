import type { Database } from 'bun:sqlite';
import type { ApiKeyRecord, ApiKeyScope } from '../../defs/api-key.ts';
import type { ApiKeyStore } from '../../defs/ports.ts';
import { digestsEqual, randomToken, sha256 } from '../secret-token.ts';

interface ApiKeyRow {
  id: string;
  name: string;
  scope: ApiKeyScope;
  prefix: string;
  key_hash: Uint8Array;
  created_at: string;
  revoked_at: string | null;
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    prefix: row.prefix,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * API keys are `tw_<id>_<secret>`. The id finds the row; only a SHA-256 of the whole
 * key is stored, and it is compared in constant time. The keys are 192-bit random,
 * so a fast hash is enough (no password stretching needed).
 */
export class SqliteApiKeyStore implements ApiKeyStore {
  readonly #db: Database;

  constructor(options: { db: Database }) {
    this.#db = options.db;
  }

  create(name: string, scope: ApiKeyScope): { record: ApiKeyRecord; key: string } {
    const id = randomToken('', 6);
    const key = `tw_${id}_${randomToken('', 24)}`;
    this.#db
      .query(
        'INSERT INTO api_keys (id, name, scope, prefix, key_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)',
      )
      .run(id, name, scope, key.slice(0, 12), sha256(key), new Date().toISOString());
    return { record: this.#get(id) as ApiKeyRecord, key };
  }

  #get(id: string): ApiKeyRecord | undefined {
    const row = this.#db.query('SELECT * FROM api_keys WHERE id = ?1').get(id) as ApiKeyRow | null;
    return row ? toRecord(row) : undefined;
  }

  list(): ApiKeyRecord[] {
    return (this.#db.query('SELECT * FROM api_keys ORDER BY created_at, id').all() as ApiKeyRow[]).map(
      toRecord,
    );
  }

  revoke(id: string): ApiKeyRecord | undefined {
    this.#db
      .query('UPDATE api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL')
      .run(id, new Date().toISOString());
    return this.#get(id);
  }

  verify(presentedKey: string): ApiKeyRecord | undefined {
    const match = /^tw_([A-Za-z0-9_-]{8})_[A-Za-z0-9_-]+$/.exec(presentedKey);
    if (!match) return undefined;
    const row = this.#db
      .query('SELECT * FROM api_keys WHERE id = ?1')
      .get(match[1] as string) as ApiKeyRow | null;
    if (!row || row.revoked_at !== null) return undefined;
    return digestsEqual(sha256(presentedKey), row.key_hash) ? toRecord(row) : undefined;
  }

  count(): number {
    return (
      this.#db.query('SELECT COUNT(*) AS n FROM api_keys WHERE revoked_at IS NULL').get() as { n: number }
    ).n;
  }
}
