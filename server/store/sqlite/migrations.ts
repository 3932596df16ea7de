import type Database from 'better-sqlite3';

/**
 * The schema as an ordered list: entry `i` takes a database from `PRAGMA user_version` i to i + 1.
 * Append only: a migration that has run somewhere is never edited.
 *
 * Times are epoch milliseconds, booleans 0/1, the encrypted payload JSON text.
 * Foreign keys have no ON DELETE: the Store deletes only memberships, mutes, and a deleted
 * account's key material, each explicitly.
 */
export const migrations: readonly string[] = [
  /* sql */ `
  CREATE TABLE users (
    id                  TEXT PRIMARY KEY,
    handle              TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name        TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('STUDENT', 'MENTOR', 'ADMIN', 'GUEST')),
    password_hash       TEXT,
    portal_subject_hash TEXT UNIQUE,
    created_at          INTEGER NOT NULL
  );

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX sessions_by_user ON sessions (user_id);

  CREATE TABLE rooms (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('PUBLIC', 'PRIVATE', 'SESSION')),
    encrypted    INTEGER NOT NULL CHECK (encrypted IN (0, 1)),
    allow_guests INTEGER NOT NULL CHECK (allow_guests IN (0, 1)),
    created_by   TEXT NOT NULL REFERENCES users (id),
    last_seq     INTEGER NOT NULL DEFAULT 0,
    key_version  INTEGER NOT NULL DEFAULT 1,
    created_at   INTEGER NOT NULL
  );
  CREATE INDEX rooms_by_kind ON rooms (kind, created_at, id);

  -- join_seq orders members by join: an explicit column because an implicit rowid may be
  -- renumbered by VACUUM. It is max + 1 within the room, taken under the write lock.
  CREATE TABLE memberships (
    room_id   TEXT NOT NULL REFERENCES rooms (id),
    user_id   TEXT NOT NULL REFERENCES users (id),
    join_seq  INTEGER NOT NULL,
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (room_id, user_id),
    UNIQUE (room_id, join_seq)
  ) WITHOUT ROWID;
  CREATE INDEX memberships_by_user ON memberships (user_id, room_id);

  CREATE TABLE messages (
    id         TEXT PRIMARY KEY,
    room_id    TEXT NOT NULL REFERENCES rooms (id),
    author_id  TEXT NOT NULL REFERENCES users (id),
    seq        INTEGER NOT NULL,
    client_id  TEXT NOT NULL,
    body       TEXT,
    encrypted  TEXT CHECK (encrypted IS NULL OR json_valid(encrypted)),
    created_at INTEGER NOT NULL,
    edited_at  INTEGER,
    deleted_at INTEGER,
    UNIQUE (room_id, seq),
    UNIQUE (room_id, author_id, client_id)
  );
  -- Serves countMessagesAfter (unread badges): only live messages are in it.
  CREATE INDEX messages_unread ON messages (room_id, seq, author_id) WHERE deleted_at IS NULL;

  CREATE TABLE receipts (
    room_id       TEXT NOT NULL REFERENCES rooms (id),
    user_id       TEXT NOT NULL REFERENCES users (id),
    last_read_seq INTEGER NOT NULL,
    read_at       INTEGER NOT NULL,
    PRIMARY KEY (room_id, user_id)
  ) WITHOUT ROWID;

  CREATE TABLE devices (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users (id),
    box_public_key  TEXT NOT NULL,
    sign_public_key TEXT NOT NULL,
    created_at      INTEGER NOT NULL
  );
  CREATE INDEX devices_by_user ON devices (user_id, created_at);

  -- Unique per (room, key version, recipient device); the columns are ordered
  -- recipient before version so the same key serves listWrappedKeys(room, device).
  CREATE TABLE wrapped_keys (
    room_id             TEXT NOT NULL REFERENCES rooms (id),
    key_version         INTEGER NOT NULL,
    recipient_device_id TEXT NOT NULL REFERENCES devices (id),
    sender_device_id    TEXT NOT NULL REFERENCES devices (id),
    nonce               TEXT NOT NULL,
    box                 TEXT NOT NULL,
    PRIMARY KEY (room_id, recipient_device_id, key_version)
  ) WITHOUT ROWID;

  CREATE TABLE key_backups (
    user_id    TEXT PRIMARY KEY REFERENCES users (id),
    salt       TEXT NOT NULL,
    iterations INTEGER NOT NULL,
    nonce      TEXT NOT NULL,
    ciphertext TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  /* sql */ `
  -- Account deletion keeps the row (tombstones still name "Deleted user") and marks it.
  ALTER TABLE users ADD COLUMN safeguarding_lead INTEGER NOT NULL DEFAULT 0 CHECK (safeguarding_lead IN (0, 1));
  ALTER TABLE users ADD COLUMN deleted_at INTEGER;
  CREATE INDEX users_safeguarding_leads ON users (handle) WHERE safeguarding_lead = 1;
  CREATE INDEX users_deleted ON users (deleted_at, id) WHERE deleted_at IS NOT NULL;

  ALTER TABLE rooms ADD COLUMN retention_days INTEGER CHECK (retention_days IS NULL OR retention_days > 0);

  ALTER TABLE messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'USER' CHECK (kind IN ('USER', 'SYSTEM'));
  -- A user's messages in (created_at, id) order: export pages and tombstoning on deletion.
  CREATE INDEX messages_by_author ON messages (author_id, created_at, id);
  -- The retention sweep: only live messages can expire.
  CREATE INDEX messages_expiry ON messages (room_id, created_at) WHERE deleted_at IS NULL;

  -- Account deletion removes a user's devices, but the keys one of them wrapped for other
  -- members' devices stay theirs: the sender is no longer a foreign key. SQLite cannot drop
  -- a constraint, so the table is rebuilt (nothing refers to it).
  CREATE TABLE wrapped_keys_v2 (
    room_id             TEXT NOT NULL REFERENCES rooms (id),
    key_version         INTEGER NOT NULL,
    recipient_device_id TEXT NOT NULL REFERENCES devices (id),
    sender_device_id    TEXT NOT NULL,
    nonce               TEXT NOT NULL,
    box                 TEXT NOT NULL,
    PRIMARY KEY (room_id, recipient_device_id, key_version)
  ) WITHOUT ROWID;
  INSERT INTO wrapped_keys_v2 (room_id, key_version, recipient_device_id, sender_device_id, nonce, box)
    SELECT room_id, key_version, recipient_device_id, sender_device_id, nonce, box FROM wrapped_keys;
  DROP TABLE wrapped_keys;
  ALTER TABLE wrapped_keys_v2 RENAME TO wrapped_keys;
  -- deleteUserKeyMaterial finds the keys wrapped for a user's devices.
  CREATE INDEX wrapped_keys_by_recipient ON wrapped_keys (recipient_device_id);

  -- A lifted mute is deleted, so every row is a mute (possibly past: callers compare with now).
  CREATE TABLE mutes (
    room_id TEXT NOT NULL REFERENCES rooms (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    until   INTEGER NOT NULL,
    PRIMARY KEY (room_id, user_id)
  ) WITHOUT ROWID;

  -- seq orders reports by creation (AUTOINCREMENT never reuses one, so cursors never jump
  -- back); id is the opaque id services see.
  CREATE TABLE reports (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    message_id  TEXT NOT NULL REFERENCES messages (id),
    room_id     TEXT NOT NULL REFERENCES rooms (id),
    reporter_id TEXT NOT NULL REFERENCES users (id),
    reason      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('OPEN', 'RESOLVED', 'DISMISSED')),
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    resolved_by TEXT REFERENCES users (id),
    resolution  TEXT
  );
  CREATE INDEX reports_by_status ON reports (status, seq);

  CREATE TABLE review_grants (
    room_id     TEXT NOT NULL REFERENCES rooms (id),
    reviewer_id TEXT NOT NULL REFERENCES users (id),
    reason      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (room_id, reviewer_id)
  ) WITHOUT ROWID;

  -- Append-only. No foreign keys: the log records what happened and must never refuse an
  -- entry. seq is AUTOINCREMENT so it only grows, across every process sharing the file.
  CREATE TABLE audit (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    at             INTEGER NOT NULL,
    actor_id       TEXT,
    action         TEXT NOT NULL,
    target_user_id TEXT,
    room_id        TEXT,
    message_id     TEXT,
    details        TEXT NOT NULL CHECK (json_valid(details))
  );
  -- Each filter of listAudit walks its own index newest first.
  CREATE INDEX audit_by_action ON audit (action, seq);
  CREATE INDEX audit_by_actor ON audit (actor_id, seq) WHERE actor_id IS NOT NULL;
  CREATE INDEX audit_by_target ON audit (target_user_id, seq) WHERE target_user_id IS NOT NULL;
  CREATE INDEX audit_by_room ON audit (room_id, seq) WHERE room_id IS NOT NULL;
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  `,
  /* sql */ `
  -- removeDevice keeps the row (its public keys check what it signed and open what it
  -- wrapped before) and marks it; the keys wrapped for it are deleted.
  ALTER TABLE devices ADD COLUMN removed_at INTEGER;
  `,
  /* sql */ `
  -- The device that made each room key version: written by the share that made the version,
  -- in the same transaction as its wrapped keys (keys.ts, shareRoomKey). No foreign key on the
  -- device, as for a wrapped key's sender: account deletion removes devices, this stays.
  -- Versions made before this table existed have no row; their wrapped keys speak for them.
  CREATE TABLE room_key_versions (
    room_id         TEXT NOT NULL REFERENCES rooms (id),
    key_version     INTEGER NOT NULL CHECK (key_version > 0),
    maker_device_id TEXT NOT NULL,
    made_at         INTEGER NOT NULL,
    PRIMARY KEY (room_id, key_version)
  ) WITHOUT ROWID;
  -- shareRoomKey asks whether any device holds a key of a version.
  CREATE INDEX wrapped_keys_by_version ON wrapped_keys (room_id, key_version);
  `,
];

/**
 * Brings the database up to the last migration. Each step runs in its own IMMEDIATE
 * transaction and re-reads the version inside it, so several processes opening the
 * same file at once apply every step exactly once.
 */
export function migrate(db: Database.Database): void {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  if (version() > migrations.length) {
    throw new Error(`database schema version ${version()} is newer than this server knows (${migrations.length})`);
  }
  migrations.forEach((sql, index) => {
    db.transaction(() => {
      if (version() !== index) return;
      db.exec(sql);
      db.pragma(`user_version = ${index + 1}`);
    }).immediate();
  });
}
