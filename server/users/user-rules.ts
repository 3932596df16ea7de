import { badInput } from '../errors.js';
import { findContactDetails } from '../pii/pii-guard.js';

const HANDLE = /^[a-z0-9_.-]{3,32}$/;
export const RESERVED_PREFIXES = ['guest-', 'p-', 'deleted-'] as const;

/** Lowercases and checks a handle: 3-32 chars of a-z 0-9 _ . - */
export function normalizeHandle(raw: string): string {
  const handle = raw.trim().toLowerCase();
  if (!HANDLE.test(handle)) {
    throw badInput('A handle is 3 to 32 characters of a-z, 0-9, _, . and -.', 'handle');
  }
  // Generated handles (guests, portal users, released handles of deleted accounts) use these prefixes.
  if (RESERVED_PREFIXES.some((prefix) => handle.startsWith(prefix))) {
    throw badInput(`Handles starting with ${RESERVED_PREFIXES.join(', ')} are reserved.`, 'handle');
  }
  return handle;
}

/** Trims and checks a display name: 1-64 characters, no phone number, no email address. */
export function normalizeDisplayName(raw: string, phoneRegions: readonly string[]): string {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (name.length < 1 || name.length > 64) {
    throw badInput('A display name is 1 to 64 characters.', 'displayName');
  }
  const found = findContactDetails(name, phoneRegions);
  if (found) {
    throw badInput(`A display name cannot contain a ${found}.`, 'displayName');
  }
  return name;
}

export function checkPassword(password: string): void {
  if (password.length < 10) throw badInput('A password is at least 10 characters.', 'password');
  if (password.length > 256) throw badInput('A password is at most 256 characters.', 'password');
}
