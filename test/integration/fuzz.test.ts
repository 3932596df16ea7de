/**
 * Property-based fuzzing (fast-check) of every mutation in schema.graphql, by every kind of
 * caller, with random text (lone surrogates, bidi and zero-width marks, ZWJ emoji, huge
 * strings), wrong types, deep nested values, and ids of other users' objects. Properties:
 * - the server never answers 5xx, and no error is INTERNAL_SERVER_ERROR;
 * - every error carries one of the contract's codes, and no stack, SQL, path or driver name;
 * - no response carries another user's token, any password, or a secret of a room the caller
 *   may not see (world.ts);
 * - a refused request stores nothing: every table of the database reads the same after it.
 * A failure prints fast-check's seed and path; FUZZ_SEED=<seed> replays the run.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { buildSchema, type GraphQLField } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localId } from '../../server/schema/ids.js';
import { type Actor, createRoom, guest, joinRoom, registerStudent, send, userWithRole } from '../utils/actors.js';
import { registerDevice } from '../utils/e2e-devices.js';
import { anyString, inputValue, selectionOf } from '../utils/fuzz-inputs.js';
import { must } from '../utils/graphql-client.js';
import { openRawDatabase } from '../utils/raw-db.js';
import { CONTRACT_CODES, expectNoLeak, missingId } from '../utils/refusals.js';
import { startTestServer, TEST_ADMIN, type TestServer } from '../utils/test-server.js';
import { buildWorld, SECRET_BODY, SECRET_ROOM_NAME, SECRET_TOPIC, type World } from '../utils/world.js';

let server: TestServer;
let world: World;
let db: Database.Database;
let ids: string[];
/** Callers of the read-back properties, made before the fuzzing: it may sign out, demote or delete the world's. */
let senders: Actor[];
let namer: Actor;

const schema = buildSchema(fs.readFileSync('schema.graphql', 'utf8'));
const mutations = Object.values(schema.getMutationType()!.getFields()) as GraphQLField<unknown, unknown>[];

/** Mutations that take away the callers' tokens, memberships, roles or devices: run last, so the others meet a full world. */
const DESTRUCTIVE = new Set([
  'removeDevice',
  'leaveRoom',
  'removeRoomMember',
  'kickFromRoom',
  'setUserRole',
  'setSafeguardingLead',
  'deleteUserAccount',
  'deleteMyAccount',
  'signOut',
]);
/** Each of these hashes or verifies a password (argon2, ~50-400 ms): fewer runs. */
const SLOW = new Set(['register', 'signIn', 'deleteMyAccount']);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld(server.url);
  db = openRawDatabase(server.dataDir);
  // More objects of other users to aim at: a report, a device, a message in a public room.
  const report = await must(
    server.url,
    'mutation($m: ID!) { reportMessage(messageId: $m, reason: "seed") { id } }',
    { m: world.privMessageId },
    world.mentorOwner.token,
  );
  const device = await registerDevice(server.url, world.studentMember);
  const actors = [world.admin, world.mentorOwner, world.mentorMember, world.mentorOutsider, world.studentMember];
  // Everyone in the public rooms, so sends and reports there get past membership and reach storage.
  for (const actor of [...actors, world.studentOutsider]) {
    if (actor !== world.admin) await joinRoom(server.url, actor.token, world.rooms.pubNoGuests);
    await joinRoom(server.url, actor.token, world.rooms.pubGuests);
  }
  await joinRoom(server.url, world.guest.token, world.rooms.pubGuests);
  // A message of each caller: "own" and "someone else's" objects are both easy to hit.
  const publicMessages = [];
  for (const actor of [...actors, world.studentOutsider, world.guest]) {
    publicMessages.push((await send(server.url, actor.token, world.rooms.pubGuests, 'public words')).id);
  }
  const extraRoom = await createRoom(server.url, world.mentorOutsider.token, { kind: 'PRIVATE', encrypted: true });
  ids = [
    ...Object.values(world.rooms),
    // Rooms everyone is in, again: calls that reach storage are worth more than another NOT_FOUND.
    world.rooms.pubGuests,
    world.rooms.pubGuests,
    world.rooms.pubNoGuests,
    extraRoom,
    world.privMessageId,
    ...publicMessages,
    report.reportMessage.id,
    device.id,
    ...[...actors, world.studentOutsider, world.guest].map((a) => a.id),
    missingId('Room'),
    missingId('User'),
    missingId('Message'),
    missingId('Report'),
    localId(world.rooms.priv, 'Room')!, // a raw store id, not a global one
  ];
  senders = [await registerStudent(server.url, 'Sender'), await guest(server.url, 'Sender')];
  for (const sender of senders) await joinRoom(server.url, sender.token, world.rooms.pubGuests);
  namer = await userWithRole(server.url, 'MENTOR', 'Namer');
}, 60_000);

afterAll(async () => {
  if (process.env.FUZZ_STATS) console.table(Object.fromEntries(stats));
  db?.close();
  await server?.stop();
});

/** Ids for an argument: mostly of the kind its name asks for (so calls get past "not found"), else any. */
const idArb = (argName: string) => {
  const kind = /room/i.test(argName)
    ? 'Room'
    : /user|student/i.test(argName)
      ? 'User'
      : /message/i.test(argName)
        ? 'Message'
        : null;
  const typed = kind ? ids.filter((id) => localId(id, kind) !== null) : ids;
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...(typed.length ? typed : ids)) },
    { weight: 2, arbitrary: fc.constantFrom(...ids) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: fc.constantFrom('', 'UmVwb3J0Og==', 'VXNlcjo=', 'x'.repeat(300)) },
  );
};

/** Every row of every table, hashed: what "stores nothing" is measured against. */
function snapshot(): string {
  const hash = createHash('sha256');
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    const rows = db.prepare(`SELECT * FROM "${table}"`).raw().all();
    hash.update(
      `${table}\n${rows
        .map((row) => JSON.stringify(row))
        .sort()
        .join('\n')}\n`,
    );
  }
  return hash.digest('hex');
}

type Caller = { name: string; actor: Actor | null };
const callers = (): Caller[] => [
  { name: 'signed out', actor: null },
  { name: 'guest', actor: world.guest },
  { name: 'studentMember', actor: world.studentMember },
  { name: 'studentOutsider', actor: world.studentOutsider },
  { name: 'mentorOwner', actor: world.mentorOwner },
  { name: 'mentorOutsider', actor: world.mentorOutsider },
  { name: 'admin', actor: world.admin },
];

/** Secrets this caller may not see right now (membership, role and leads change as the fuzzer acts). */
function forbiddenFor(caller: Caller): string[] {
  const others = callers()
    .filter((c) => c.actor && c.actor !== caller.actor)
    .map((c) => c.actor!.token);
  const always = [TEST_ADMIN.password, 'student-password', ...others];
  if (!caller.actor) return [SECRET_ROOM_NAME, SECRET_BODY, SECRET_TOPIC, ...always];
  const userId = localId(caller.actor.id, 'User')!;
  const user = db.prepare('SELECT role, safeguarding_lead AS lead FROM users WHERE id = ?').get(userId) as
    | { role: string; lead: number }
    | undefined;
  const memberOf = (room: string) =>
    Boolean(
      db.prepare('SELECT 1 FROM memberships WHERE room_id = ? AND user_id = ?').get(localId(room, 'Room'), userId),
    );
  const secrets = [...always];
  // Admins manage PRIVATE rooms and read reported messages: the private room's name and body are theirs to see.
  if (user?.role !== 'ADMIN' && !memberOf(world.rooms.priv)) secrets.push(SECRET_ROOM_NAME, SECRET_BODY);
  if (!user?.lead && !memberOf(world.rooms.session)) secrets.push(SECRET_TOPIC);
  return secrets;
}

/** GraphQL echoes invalid variable values in its messages: the caller's own input, quoted. Not a leak. */
const withoutEchoedInput = (message: string) => message.replace(/"(?:[^"\\]|\\.)*"/g, '""');

async function post(document: string, variables: unknown, token: string | null) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: document, variables }),
  });
  return { status: response.status, text: await response.text() };
}

function documentFor(field: GraphQLField<unknown, unknown>) {
  const declared = field.args.map((arg, i) => `$a${i}: ${String(arg.type)}`);
  const passed = field.args.map((arg, i) => `${arg.name}: $a${i}`);
  const call = passed.length ? `${field.name}(${passed.join(', ')})` : field.name;
  const vars = declared.length ? `(${declared.join(', ')})` : '';
  return `mutation Fuzz${vars} { ${call} ${selectionOf(field.type)} }`;
}

function variablesFor(field: GraphQLField<unknown, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  field.args.forEach((arg, i) => {
    record[`a${i}`] = inputValue(arg.type, idArb, arg.name);
  });
  // Now and then a variable is missing, even a required one (that is a refusal too).
  const drop = fc.oneof(
    { weight: 11, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.nat({ max: Math.max(0, field.args.length - 1) }) },
  );
  return fc.tuple(fc.record(record), drop).map(([values, missing]) => {
    if (missing !== null) delete values[`a${missing}`];
    return values;
  });
}

/** FUZZ_STATS=1 prints how the calls ended per mutation: ok, or the code of the first error. */
const stats = new Map<string, Record<string, number>>();
const tally = (name: string, outcome: string) => {
  const row = stats.get(name) ?? {};
  row[outcome] = (row[outcome] ?? 0) + 1;
  stats.set(name, row);
};

const ordered = [...mutations].sort((a, b) => Number(DESTRUCTIVE.has(a.name)) - Number(DESTRUCTIVE.has(b.name)));

describe('fuzzing every mutation', () => {
  it('covers every mutation of the schema', () => {
    expect(ordered.length).toBeGreaterThan(25);
  });

  it.each(ordered.map((field) => [field.name, field] as const))(
    '%s: no 5xx, contract codes only, no leak, nothing stored when refused',
    async (name, field) => {
      const document = documentFor(field);
      const property = fc.asyncProperty(
        fc.constantFrom(...callers()),
        variablesFor(field),
        async (caller, variables) => {
          const before = snapshot();
          const { status, text } = await post(document, variables, caller.actor?.token ?? null);
          const context = `${name} by ${caller.name} with ${JSON.stringify(variables).slice(0, 300)}`;
          expect(status, `${context}: ${text.slice(0, 300)}`).toBeLessThan(500);
          for (const secret of forbiddenFor(caller)) expect(text, `${context} leaks`).not.toContain(secret);
          if (status === 413) {
            tally(name, '413');
            expect(snapshot(), `${context}: a refused request stored something`).toBe(before);
            return;
          }
          const body = JSON.parse(text) as {
            data?: Record<string, unknown> | null;
            errors?: { message: string; path?: unknown[]; extensions?: { code?: string } }[];
          };
          for (const error of body.errors ?? []) {
            expect(CONTRACT_CODES, `${context}: ${error.message}`).toContain(error.extensions?.code);
            expect(error.extensions?.code, `${context}: ${error.message}`).not.toBe('INTERNAL_SERVER_ERROR');
            expectNoLeak(withoutEchoedInput(error.message), world.secrets);
          }
          // Refused: an error on the mutation itself, or none reached it (parse, validation, variables).
          const refused = (body.errors ?? []).some((e) => !e.path || e.path.length <= 1);
          tally(name, body.errors?.[0]?.extensions?.code ?? 'ok');
          if (process.env.FUZZ_DEBUG && body.errors) console.log(name, body.errors[0].message.slice(0, 200));
          if (refused) expect(snapshot(), `${context}: a refused request stored something`).toBe(before);
        },
      );
      await fc.assert(property, {
        numRuns: SLOW.has(name) ? Math.ceil(RUNS / 3) : RUNS,
        seed: SEED,
        // fast-check prints the seed and the counterexample path on failure; keep shrinking short.
        endOnFailure: !process.env.FUZZ_SHRINK,
      });
    },
    120_000,
  );
});

describe('text that is accepted reads back as sent', () => {
  const SEND = 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id body clientId } }';
  const CREATE = 'mutation($i: CreateRoomInput!) { createRoom(input: $i) { id name } }';

  it('sendMessage: the body (trimmed) and the clientId, exactly; two clientIds never share a message', async () => {
    const seen = new Map<string, string>();
    const firstBodies = new Map<string, string>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...senders), anyString, anyString, async (sender, body, clientId) => {
        const before = snapshot();
        const { text } = await post(SEND, { i: { roomId: world.rooms.pubGuests, clientId, body } }, sender.token);
        const response = JSON.parse(text);
        if (response.errors) {
          expect(response.errors[0].extensions.code, response.errors[0].message).toBe('BAD_USER_INPUT');
          expect(snapshot()).toBe(before);
          return;
        }
        const message = response.data.sendMessage;
        const key = `${sender.id}\n${clientId}`;
        // The same author and clientId again is a retry: it returns the first message, body and all.
        const first = firstBodies.get(key);
        expect(message.body).toBe(first ?? body.trim());
        if (first === undefined) firstBodies.set(key, message.body);
        expect(message.clientId).toBe(clientId);
        expect(seen.get(message.id) ?? key, 'one message for two clientIds').toBe(key);
        seen.set(message.id, key);
      }),
      { numRuns: RUNS * 2, seed: SEED, endOnFailure: true },
    );
  });

  it('createRoom: the name, with its whitespace folded', async () => {
    await fc.assert(
      fc.asyncProperty(anyString, async (name) => {
        const before = snapshot();
        const { text } = await post(CREATE, { i: { name, kind: 'PRIVATE' } }, namer.token);
        const response = JSON.parse(text);
        if (response.errors) {
          expect(response.errors[0].extensions.code).toBe('BAD_USER_INPUT');
          expect(snapshot()).toBe(before);
          return;
        }
        expect(response.data.createRoom.name).toBe(name.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});
