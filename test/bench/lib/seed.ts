import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashToken, newSessionToken } from '../../../server/auth/tokens.js';
import { globalId } from '../../../server/schema/ids.js';
import type { RoomKind, RoomRecord, Store } from '../../../server/store/store.js';
import { TEST_ADMIN, UNLIMITED } from '../../utils/test-server.js';

/** A fresh data directory and the environment that points a bench server at it. */
export function benchDataDir(name: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mentor-chat-bench-${name}-`));
  return {
    dir,
    dbPath: path.join(dir, 'mentor-chat.db'),
    /** production: the logging, error masking and graphql-js checks a deployment runs with. */
    serverEnv: {
      NODE_ENV: 'production',
      DATA_DIR: dir,
      ADMIN_HANDLE: TEST_ADMIN.handle,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      ALLOWED_ORIGINS: 'http://bench.test',
      // One sender at 20+/s measures throughput, not the abuse limits (abuse-load.bench.ts turns them on).
      ...UNLIMITED,
    } as Record<string, string>,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export interface SeededMember {
  id: string;
  handle: string;
  token: string;
}

/**
 * A user with a live session, written straight to the store: the same rows `register` and
 * `signIn` write, minus the argon2 hash (nobody signs in with a password here). The token is
 * minted and hashed exactly as the auth service does, so sockets authenticate through the
 * real connection_init path.
 */
export async function seedUser(
  store: Store,
  handle: string,
  role: 'STUDENT' | 'MENTOR' | 'ADMIN' = 'STUDENT',
): Promise<SeededMember> {
  const user = await store.createUser({ handle, displayName: `Bench ${handle}`, role });
  const token = newSessionToken();
  await store.createSession({
    tokenHash: hashToken(token),
    userId: user.id,
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  return { id: user.id, handle, token };
}

/** A room created by a seeded admin, with `count` seeded students as members. */
export async function seedRoomWithMembers(
  store: Store,
  options: { count: number; kind?: RoomKind; prefix?: string },
): Promise<{ room: RoomRecord; roomGlobalId: string; creator: SeededMember; members: SeededMember[] }> {
  const prefix = options.prefix ?? 'bench';
  const creator = await seedUser(store, `${prefix}-admin`, 'ADMIN');
  const room = await store.createRoom({
    name: `${prefix} room`,
    kind: options.kind ?? 'PUBLIC',
    encrypted: false,
    allowGuests: false,
    createdBy: creator.id,
    memberIds: [creator.id],
  });
  const members: SeededMember[] = [];
  for (let i = 0; i < options.count; i++) {
    const member = await seedUser(store, `${prefix}-${i}`);
    await store.addMember(room.id, member.id);
    members.push(member);
  }
  return { room, roomGlobalId: globalId('Room', room.id), creator, members };
}

/**
 * Times `count` store.appendMessage calls in a room of their own: one IMMEDIATE transaction
 * with a synchronous commit each, the floor under every sendMessage (and, since better-sqlite3
 * is synchronous, time during which the server's event loop does nothing else).
 */
export async function timeAppends(store: Store, count: number): Promise<number[]> {
  const author = await seedUser(store, `append-${Date.now()}`, 'ADMIN');
  const room = await store.createRoom({
    name: 'append timing',
    kind: 'PUBLIC',
    encrypted: false,
    allowGuests: false,
    createdBy: author.id,
    memberIds: [author.id],
  });
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await store.appendMessage({
      roomId: room.id,
      authorId: author.id,
      clientId: `t${i}`,
      body: 'timing',
      encrypted: null,
    });
    samples.push(performance.now() - started);
  }
  return samples;
}
