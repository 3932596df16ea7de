import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';

/** Types with global ids: the Relay nodes, and admin-only records (reports, audit entries) that are not nodes. */
export type NodeType = 'User' | 'Room' | 'Message' | 'Report' | 'AuditEntry';

/** The store id inside a global id of the expected type; null for anything else (answered as NOT_FOUND). */
export function localId(globalId: string | null | undefined, typename: NodeType): string | null {
  if (!globalId || globalId.length > 200) return null;
  try {
    const decoded = decodeGlobalID(globalId);
    return decoded.typename === typename && decoded.id ? decoded.id : null;
  } catch {
    return null;
  }
}

export const globalId = (typename: NodeType, id: string) => encodeGlobalID(typename, id);

/** Message cursors carry the room-local seq: opaque to clients, stable across edits. */
export function seqCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

export function seqFromCursor(cursor: string | null | undefined): number | null {
  if (!cursor) return null;
  const match = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match ? Number(match[1]) : null;
}

/** Directory and member cursors carry a handle or user id. */
export function keyCursor(key: string): string {
  return Buffer.from(`key:${key}`).toString('base64url');
}

export function keyFromCursor(cursor: string | null | undefined): string | undefined {
  if (!cursor) return undefined;
  const decoded = Buffer.from(cursor, 'base64url').toString();
  return decoded.startsWith('key:') ? decoded.slice(4) : undefined;
}
