import { globalId } from '../schema/ids.js';
import type { Store, UserRecord } from '../store/store.js';
import { shownHandle } from './deleted-user.js';

export const EXPORT_FORMAT = 'mentor-chat/export/v1';
const PAGE = 500;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * Everything the product holds about one user, as plain JSON: profile, memberships (with any
 * mute in force), every message they wrote (ciphertext stays ciphertext; bodies sealed at rest
 * come opened, as the store hands them to every service), their read receipts, their devices'
 * public keys and their sealed key backup. Nothing of anyone else: rooms are named only where
 * the user is a member, and no other user's id, name or message appears.
 */
export async function exportUserData(store: Store, user: UserRecord, now: Date) {
  const roomIds = await store.listMemberRoomIds(user.id);
  const memberships = [];
  const receipts = [];
  for (const roomId of roomIds) {
    const room = await store.getRoom(roomId);
    if (!room) continue;
    const mute = await store.getMute(room.id, user.id);
    memberships.push({
      roomId: globalId('Room', room.id),
      name: room.name,
      kind: room.kind,
      encrypted: room.encrypted,
      mutedUntil: mute && mute > now ? mute.toISOString() : null,
    });
    const receipt = await store.getReceipt(room.id, user.id);
    if (receipt)
      receipts.push({
        roomId: globalId('Room', room.id),
        lastReadSeq: receipt.lastReadSeq,
        readAt: iso(receipt.readAt),
      });
  }
  const messages = [];
  for (let after: { createdAt: Date; id: string } | undefined; ; ) {
    const page = await store.listMessagesByAuthor(user.id, { after, limit: PAGE });
    for (const m of page) {
      messages.push({
        id: globalId('Message', m.id),
        roomId: globalId('Room', m.roomId),
        seq: m.seq,
        clientId: m.clientId,
        body: m.body,
        encrypted: m.encrypted,
        createdAt: iso(m.createdAt),
        editedAt: iso(m.editedAt),
        deletedAt: iso(m.deletedAt),
      });
    }
    if (page.length < PAGE) break;
    after = { createdAt: page[page.length - 1].createdAt, id: page[page.length - 1].id };
  }
  const devices = (await store.listDevices(user.id)).map((d) => ({
    id: d.id,
    boxPublicKey: d.boxPublicKey,
    signPublicKey: d.signPublicKey,
    createdAt: iso(d.createdAt),
    removedAt: iso(d.removedAt),
  }));
  const backup = await store.getKeyBackup(user.id);
  return {
    format: EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    profile: {
      id: globalId('User', user.id),
      handle: shownHandle(user),
      displayName: user.displayName,
      role: user.role,
      createdAt: iso(user.createdAt),
      deletedAt: iso(user.deletedAt),
    },
    memberships,
    messages,
    receipts,
    devices,
    keyBackup: backup && {
      salt: backup.salt,
      iterations: backup.iterations,
      nonce: backup.nonce,
      ciphertext: backup.ciphertext,
      updatedAt: iso(backup.updatedAt),
    },
  };
}
