/**
 * Versioned schema migrations. Append only: a released migration never changes,
 * a new version is added below it. `PRAGMA user_version` records the applied one.
 */
export const migrations: readonly string[] = [
  // 1: streams, API keys, restream destinations.
  `
  CREATE TABLE streams (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    stream_key TEXT NOT NULL UNIQUE,
    udp_port INTEGER NOT NULL UNIQUE,
    enabled INTEGER NOT NULL DEFAULT 1,
    part_target_seconds REAL NOT NULL,
    segment_target_seconds REAL NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('admin', 'read')),
    prefix TEXT NOT NULL,
    key_hash BLOB NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE TABLE destinations (
    id TEXT PRIMARY KEY,
    stream_id TEXT NOT NULL REFERENCES streams(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
  );
  CREATE INDEX destinations_by_stream ON destinations(stream_id);
  CREATE TABLE health_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL);
  `,
  // 2: per-stream ingest settings (publisher policy, SRT passphrase and latency, pull source).
  `
  ALTER TABLE streams ADD COLUMN publisher_policy TEXT NOT NULL DEFAULT 'reject'
    CHECK (publisher_policy IN ('reject', 'takeover'));
  ALTER TABLE streams ADD COLUMN srt_passphrase TEXT;
  ALTER TABLE streams ADD COLUMN srt_latency_ms INTEGER NOT NULL DEFAULT 120;
  ALTER TABLE streams ADD COLUMN source_url TEXT;
  `,
  // 3: per-stream recording flag; recorded sessions (VOD assets). No foreign key to streams:
  // a recording outlives its stream's deletion (its files are still on disk).
  `
  ALTER TABLE streams ADD COLUMN record INTEGER NOT NULL DEFAULT 0 CHECK (record IN (0, 1));
  CREATE TABLE assets (
    id TEXT PRIMARY KEY,
    stream_id TEXT NOT NULL,
    stream_name TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('recording', 'ready', 'failed')),
    started_at TEXT NOT NULL,
    ended_at TEXT,
    duration_seconds REAL NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0,
    segment_count INTEGER NOT NULL DEFAULT 0,
    path TEXT NOT NULL,
    failure_reason TEXT
  );
  CREATE INDEX assets_by_stream ON assets(stream_id, started_at);
  CREATE INDEX assets_by_state ON assets(state);
  `,
  // 4: an optional multicast group a stream's UDP feed is received on.
  `
  ALTER TABLE streams ADD COLUMN udp_multicast_group TEXT;
  `,
  // 5: per-stream ABR ladder (JSON list of rungs; NULL = passthrough) and DVR window.
  `
  ALTER TABLE streams ADD COLUMN ladder TEXT;
  ALTER TABLE streams ADD COLUMN dvr_window_seconds INTEGER;
  `,
  // 6: restream destinations get a re-encode profile (JSON; NULL = copy), an attempt limit
  // (0 = forever) and an update time.
  `
  ALTER TABLE destinations ADD COLUMN encode TEXT;
  ALTER TABLE destinations ADD COLUMN max_attempts INTEGER NOT NULL DEFAULT 0 CHECK (max_attempts >= 0);
  ALTER TABLE destinations ADD COLUMN updated_at TEXT;
  `,
];
