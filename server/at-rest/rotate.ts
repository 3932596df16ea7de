import type { MessageRecord, Store } from '../store/store.js';
import { type DataKey, type Keyring, openBody, sealBody, sealedWith } from './keyring.js';

const ROOM_PAGE = 100;
const MESSAGE_PAGE = 500;

export interface RotationReport {
  rooms: number;
  messages: number;
  resealed: number;
  /** The last room finished: pass it as `afterRoomId` to resume after an interruption. */
  lastRoomId: string | null;
}

/**
 * Re-seals, under the current key, every message body stored in clear or under an old key.
 * Works on the raw store (not the sealedBodies view), room by room in id order, so a run that
 * stops can resume after the last room it reported; bodies already under the current key are
 * skipped, so running it again changes nothing.
 */
export async function resealBodies(
  store: Store,
  keyring: Keyring,
  options: { afterRoomId?: string; onRoom?: (report: RotationReport) => void } = {},
): Promise<RotationReport> {
  const current = keyring.current;
  if (!current) throw new Error('DATA_ENCRYPTION_KEY is not set: there is no key to re-seal with.');
  const report: RotationReport = { rooms: 0, messages: 0, resealed: 0, lastRoomId: options.afterRoomId ?? null };
  for (let afterId = options.afterRoomId; ; ) {
    const rooms = await store.listAllRooms({ afterId, limit: ROOM_PAGE });
    for (const room of rooms) {
      for (let afterSeq = 0; ; ) {
        const page = await store.listMessages(room.id, { afterSeq, limit: MESSAGE_PAGE, from: 'oldest' });
        for (const message of page) {
          report.messages += 1;
          if (await reseal(store, keyring, current, message)) report.resealed += 1;
        }
        if (page.length < MESSAGE_PAGE) break;
        afterSeq = page[page.length - 1].seq;
      }
      report.rooms += 1;
      report.lastRoomId = room.id;
      options.onRoom?.(report);
    }
    if (rooms.length < ROOM_PAGE) return report;
    afterId = rooms[rooms.length - 1].id;
  }
}

async function reseal(store: Store, keyring: Keyring, current: DataKey, message: MessageRecord): Promise<boolean> {
  if (message.body === null || sealedWith(message.body) === current.id) return false;
  // Throws DataKeyError when the old key is missing from DATA_ENCRYPTION_KEYS_OLD: stop, don't skip.
  const body = openBody(keyring, message.body);
  // Read again right before the write: an edit or a deletion that came in meanwhile wins.
  const fresh = await store.getMessage(message.id);
  if (!fresh || fresh.body !== message.body) return false;
  await store.updateMessage(message.id, { body: sealBody(current, body) });
  return true;
}
