import { badInput } from '../errors.js';
import { findContactDetails } from '../pii/pii-guard.js';
import type { RoomRecord } from '../store/store.js';

export const MAX_BODY_CHARS = 4000;

/** Trims and checks a plaintext body for this room: length, and contact details in public rooms. */
export function normalizeBody(raw: string, room: RoomRecord, phoneRegions: readonly string[]): string {
  const body = raw.trim();
  // Count code points, not UTF-16 units, so an emoji counts as one character.
  const length = [...body].length;
  if (length < 1) throw badInput('A message cannot be empty.', 'body');
  if (length > MAX_BODY_CHARS) throw badInput(`A message is at most ${MAX_BODY_CHARS} characters.`, 'body');
  if (room.kind === 'PUBLIC') {
    const found = findContactDetails(body, phoneRegions);
    if (found) {
      throw badInput(`This looks like a ${found}. Contact details cannot be shared in public rooms.`, 'body');
    }
  }
  return body;
}

export function checkClientId(clientId: string): void {
  if (clientId.length < 1 || clientId.length > 64) throw badInput('clientId is 1 to 64 characters.', 'clientId');
}
