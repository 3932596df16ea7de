import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { errors as joseErrors, jwtVerify } from 'jose';
import type { Config } from '../config.js';
import type { Viewer } from '../context.js';
import { AppError, conflict, unauthenticated } from '../errors.js';
import { recordAudit } from '../moderation/audit-log.js';
import type { PubSub } from '../pubsub.js';
import { type Role, type Store, StoreConflictError, type UserRecord } from '../store/store.js';
import { checkPassword, normalizeDisplayName, normalizeHandle } from '../users/user-rules.js';
import { hashPortalSubject, hashToken, newSessionToken } from './tokens.js';

export interface AuthPayload {
  token: string;
  viewer: UserRecord;
}

const WRONG_CREDENTIALS = 'Wrong handle or password.';
const PORTAL_MAX_LIFETIME_S = 10 * 60;
const CLOCK_SKEW_S = 30;

export class AuthService {
  // Verifying against a real hash for unknown handles keeps timing the same as a wrong password.
  private readonly dummyHash = argon2.hash(randomBytes(16).toString('hex'), { type: argon2.argon2id });

  constructor(
    private readonly store: Store,
    private readonly pubsub: PubSub,
    private readonly config: Readonly<Config>,
  ) {}

  async viewerForToken(token: string): Promise<Viewer | null> {
    const tokenHash = hashToken(token);
    const session = await this.store.getSession(tokenHash);
    if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) return null;
    const user = await this.store.getUser(session.userId);
    return user ? { user, tokenHash } : null;
  }

  async register(input: { handle: string; password: string; displayName: string }): Promise<AuthPayload> {
    const handle = normalizeHandle(input.handle);
    checkPassword(input.password);
    const displayName = normalizeDisplayName(input.displayName, this.config.phoneRegions);
    const passwordHash = await argon2.hash(input.password, { type: argon2.argon2id });
    const user = await this.createUniqueUser({ handle, displayName, role: 'STUDENT', passwordHash });
    return this.issue(user);
  }

  async signIn(input: { handle: string; password: string }): Promise<AuthPayload> {
    const user = await this.store.getUserByHandle(input.handle.trim().toLowerCase());
    const hash = user?.passwordHash ?? (await this.dummyHash);
    const ok = await argon2.verify(hash, input.password).catch(() => false);
    if (!user?.passwordHash || !ok) throw unauthenticated(WRONG_CREDENTIALS);
    return this.issue(user);
  }

  async joinAnonymously(input: { displayName?: string | null } | null | undefined): Promise<AuthPayload> {
    const displayName = normalizeDisplayName(input?.displayName || 'Guest', this.config.phoneRegions);
    const user = await this.createWithGeneratedHandle('guest', { displayName, role: 'GUEST' });
    return this.issue(user, this.config.guestTtlHours);
  }

  async signInWithPortalToken(jwt: string): Promise<AuthPayload> {
    const secret = this.config.portalJwtSecret;
    if (!secret) throw unauthenticated('Portal sign-in is not enabled on this server.');
    const claims = await this.verifyPortalToken(jwt, secret);
    const role: Role = claims.role === 'mentor' ? 'MENTOR' : 'STUDENT';
    const displayName = normalizeDisplayName(claims.name, this.config.phoneRegions);
    const subjectHash = hashPortalSubject(claims.sub, secret);
    const existing = await this.store.getUserByPortalSubject(subjectHash);
    if (existing) {
      // The portal stays the source of truth for name and role, except that admins stay admins.
      const patch = { displayName, role: existing.role === 'ADMIN' ? existing.role : role };
      const user = (await this.store.updateUser(existing.id, patch)) ?? existing;
      return this.issue(user);
    }
    try {
      const user = await this.createWithGeneratedHandle('p', { displayName, role, portalSubjectHash: subjectHash });
      return this.issue(user);
    } catch (error) {
      // Two first sign-ins raced: the other one created the user.
      const winner = await this.store.getUserByPortalSubject(subjectHash);
      if (winner) return this.issue(winner);
      throw error;
    }
  }

  async signOut(viewer: Viewer): Promise<boolean> {
    const revoked = await this.store.revokeSession(viewer.tokenHash);
    this.pubsub.publish('session', viewer.tokenHash, { type: 'revoked' });
    return revoked;
  }

  /** Creates the bootstrap administrator from ADMIN_HANDLE/ADMIN_PASSWORD when missing. */
  async ensureAdmin(): Promise<UserRecord | null> {
    const { adminHandle, adminPassword } = this.config;
    if (!adminHandle || !adminPassword) return null;
    const existing = await this.store.getUserByHandle(adminHandle);
    if (existing) {
      return existing.role === 'ADMIN' ? existing : this.store.updateUser(existing.id, { role: 'ADMIN' });
    }
    const passwordHash = await argon2.hash(adminPassword, { type: argon2.argon2id });
    return this.createUniqueUser({
      handle: normalizeHandle(adminHandle),
      displayName: 'Administrator',
      role: 'ADMIN',
      passwordHash,
    });
  }

  private async verifyPortalToken(jwt: string, secret: string) {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(jwt, new TextEncoder().encode(secret), {
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'exp', 'role', 'name'],
        clockTolerance: CLOCK_SKEW_S,
      }));
    } catch (error) {
      const reason =
        error instanceof joseErrors.JWTExpired ? 'The portal token has expired.' : 'The portal token is not valid.';
      throw unauthenticated(reason);
    }
    const { sub, role, name, exp } = payload;
    const nowS = Math.floor(Date.now() / 1000);
    if (typeof exp !== 'number' || exp > nowS + PORTAL_MAX_LIFETIME_S + CLOCK_SKEW_S) {
      throw unauthenticated('The portal token must expire within 10 minutes.');
    }
    if (typeof sub !== 'string' || !sub || sub.length > 256)
      throw unauthenticated('The portal token has no valid sub.');
    if (role !== 'student' && role !== 'mentor') throw unauthenticated('The portal token has no valid role.');
    if (typeof name !== 'string' || !name) throw unauthenticated('The portal token has no valid name.');
    return { sub, role, name };
  }

  private async issue(user: UserRecord, ttlHours = this.config.sessionTtlHours): Promise<AuthPayload> {
    const token = newSessionToken();
    const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
    await this.store.createSession({ tokenHash: hashToken(token), userId: user.id, expiresAt });
    if (user.role === 'MENTOR' || user.role === 'ADMIN') {
      const entry = { actorId: user.id, targetUserId: user.id, details: { role: user.role } };
      await recordAudit(this.store, 'STAFF_SIGN_IN', entry);
    }
    return { token, viewer: user };
  }

  private async createUniqueUser(user: Parameters<Store['createUser']>[0]): Promise<UserRecord> {
    try {
      return await this.store.createUser(user);
    } catch (error) {
      if (error instanceof StoreConflictError && error.constraint === 'handle') {
        throw conflict('That handle is taken.');
      }
      throw error;
    }
  }

  /** Guests and portal users get a handle they never chose: prefix + random suffix. */
  private async createWithGeneratedHandle(
    prefix: string,
    user: Omit<Parameters<Store['createUser']>[0], 'handle'>,
  ): Promise<UserRecord> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const handle = `${prefix}-${randomBytes(6).toString('hex')}`;
      try {
        return await this.store.createUser({ ...user, handle });
      } catch (error) {
        if (!(error instanceof StoreConflictError && error.constraint === 'handle')) throw error;
      }
    }
    throw new AppError('INTERNAL_SERVER_ERROR', 'Could not create a user. Please try again.');
  }
}
