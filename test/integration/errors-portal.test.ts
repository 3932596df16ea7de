/**
 * Portal single sign-on: a JWT signed HS256 with PORTAL_JWT_SECRET, claims sub, role, name and
 * exp (at most 10 minutes ahead). The first sign-in creates the user with the portal's role,
 * later ones find it by `sub`; anything else is UNAUTHENTICATED. `sub` is stored only as a
 * keyed hash: the raw value is nowhere in the SQLite files.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, signInAdmin } from '../utils/actors.js';
import { gql } from '../utils/graphql-client.js';
import { expectOk, expectRefused } from '../utils/refusals.js';
import { startTestServer, TEST_PORTAL_SECRET, type TestServer } from '../utils/test-server.js';

let server: TestServer;
let admin: Actor;
beforeAll(async () => {
  server = await startTestServer();
  admin = await signInAdmin(server.url);
});
afterAll(async () => {
  await server.stop();
});

const SIGN_IN = 'mutation($t: String!) { signInWithPortalToken(token: $t) { token viewer { id role displayName } } }';
const nowS = () => Math.floor(Date.now() / 1000);
const KEY = new TextEncoder().encode(TEST_PORTAL_SECRET);

interface Claims {
  sub?: string;
  role?: string;
  name?: string;
}
/** A portal token; `exp: null` leaves the claim out. */
async function portalToken(
  claims: Claims,
  { alg = 'HS256', key = KEY, exp = nowS() + 300 }: { alg?: string; key?: Uint8Array; exp?: number | null } = {},
) {
  const jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg, typ: 'JWT' }).setIssuedAt();
  if (exp !== null) jwt.setExpirationTime(exp);
  return jwt.sign(key);
}
const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const unsigned = (claims: object) => `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;
const student = (): Required<Claims> => ({ sub: `portal-sub-${randomUUID()}`, role: 'student', name: 'Portal Pat' });
const signIn = (token: string) => gql(server.url, SIGN_IN, { t: token });

describe('a valid portal token', () => {
  it.each([
    ['student', 'STUDENT'],
    ['mentor', 'MENTOR'],
  ])('role %s: the first sign-in creates a %s, a later one finds the same user', async (role, expected) => {
    const claims = { ...student(), role };
    const first = expectOk(await signIn(await portalToken(claims))).signInWithPortalToken;
    expect(first.viewer).toMatchObject({ role: expected, displayName: 'Portal Pat' });
    const again = expectOk(await signIn(await portalToken(claims))).signInWithPortalToken;
    expect(again.viewer.id).toBe(first.viewer.id);
    expect(again.token).not.toBe(first.token);
    const me = await gql(server.url, '{ me { id role } }', {}, again.token);
    expect(me.data?.me).toEqual({ id: first.viewer.id, role: expected });
  });

  it('another sub is another user', async () => {
    const a = expectOk(await signIn(await portalToken(student()))).signInWithPortalToken.viewer.id;
    const b = expectOk(await signIn(await portalToken(student()))).signInWithPortalToken.viewer.id;
    expect(a).not.toBe(b);
  });

  it('an exp 9 minutes ahead is accepted (the boundary)', async () => {
    expectOk(await signIn(await portalToken(student(), { exp: nowS() + 9 * 60 })));
  });
});

describe('an invalid portal token: UNAUTHENTICATED, and no user is created', () => {
  // Every token here names the same person, so the directory can show none was created.
  const REJECTED = 'Rejected Riley';
  const student = (): Required<Claims> => ({ sub: `portal-sub-${randomUUID()}`, role: 'student', name: REJECTED });
  const { sub: _sub, ...noSub } = student();
  const { role: _role, ...noRole } = student();
  const table: [string, () => Promise<string>][] = [
    [
      'a bad signature (another secret)',
      () => portalToken(student(), { key: new TextEncoder().encode('another-secret-that-is-long-enough-000') }),
    ],
    [
      'a tampered payload',
      async () => {
        const [header, , signature] = (await portalToken(student())).split('.');
        return `${header}.${b64url({ ...student(), exp: nowS() + 300 })}.${signature}`;
      },
    ],
    ['an expired token', () => portalToken(student(), { exp: nowS() - 120 })],
    ['exp 11 minutes ahead', () => portalToken(student(), { exp: nowS() + 11 * 60 })],
    ['exp a day ahead', () => portalToken(student(), { exp: nowS() + 86_400 })],
    ['no exp', () => portalToken(student(), { exp: null })],
    ['no sub', () => portalToken(noSub)],
    ['no role', () => portalToken(noRole)],
    ['no name', () => portalToken({ sub: student().sub, role: 'student' })],
    ['an empty sub', () => portalToken({ ...student(), sub: '' })],
    ['role admin (only student or mentor exist)', () => portalToken({ ...student(), role: 'admin' })],
    ['HS512 with the right secret', () => portalToken(student(), { alg: 'HS512' })],
    ['HS384 with the right secret', () => portalToken(student(), { alg: 'HS384' })],
    ['alg none', async () => unsigned({ ...student(), exp: nowS() + 300 })],
    ['not a JWT', async () => 'definitely-not-a-jwt'],
    ['an empty string', async () => ''],
  ];

  it.each(table)('%s', async (_what, make) => {
    const response = await signIn(await make());
    expectRefused(response, 'UNAUTHENTICATED', [TEST_PORTAL_SECRET]);
    expect(response.data?.signInWithPortalToken ?? null).toBeNull();
    const directory = await gql(
      server.url,
      '{ directory(search: "Rejected Riley") { edges { node { id } } } }',
      {},
      admin.token,
    );
    expect(expectOk(directory).directory.edges).toEqual([]);
  });
});

describe('sub is stored only as a keyed hash', () => {
  it('neither the raw sub nor its plain SHA-256 is in the SQLite files', async () => {
    const claims = { ...student(), name: `Marker ${randomUUID().slice(0, 8)}` };
    expectOk(await signIn(await portalToken(claims)));
    expectOk(await signIn(await portalToken(claims)));
    const files = ['mentor-chat.db', 'mentor-chat.db-wal']
      .map((name) => path.join(server.dataDir, name))
      .filter((file) => fs.existsSync(file));
    const bytes = Buffer.concat(files.map((file) => fs.readFileSync(file)));
    // Control: the same files do hold the user row (the display name), so the search is real.
    expect(bytes.includes(Buffer.from(claims.name))).toBe(true);
    expect(bytes.includes(Buffer.from(claims.sub))).toBe(false);
    expect(bytes.includes(Buffer.from(createHash('sha256').update(claims.sub).digest('hex')))).toBe(false);
  });
});
