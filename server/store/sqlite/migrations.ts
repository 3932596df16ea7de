import type Database from 'better-sqlite3';

/**
 * The schema as an ordered list: entry `i` takes a database from `PRAGMA user_version` i to i + 1.
 * Append only: a migration that has run somewhere is never edited.
 *
 * Times are epoch milliseconds, booleans 0/1, the encrypted payload JSON text.
 * Foreign keys have no ON DELETE: the Store deletes nothing but memberships.
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
