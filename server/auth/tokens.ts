import { createHash, createHmac, randomBytes } from 'node:crypto';

/** A fresh opaque session token: 32 random bytes, base64url. Only its hash is stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a token: a plain SHA-256 is enough for 256 bits of randomness. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The stored form of a portal subject: keyed, so a leaked table cannot be joined back to the portal. */
export function hashPortalSubject(subject: string, key: string): string {
  return createHmac('sha256', key).update(`portal-sub:${subject}`).digest('hex');
}
