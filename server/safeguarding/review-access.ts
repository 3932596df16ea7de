import { canReadRoom, isSafeguardingLead } from '../auth/policy.js';
import type { Viewer } from '../context.js';
import type { RoomRecord, Store, UserRecord } from '../store/store.js';

/** The safeguarding leads in force; an institution "enables" review by marking at least one. */
export async function activeLeads(store: Store): Promise<UserRecord[]> {
  return (await store.listSafeguardingLeads()).filter(isSafeguardingLead);
}

/**
 * Whether the viewer reads `room` as its safeguarding reviewer: the lead, after opening it
 * for review. Everyone else is answered without a query.
 */
export async function readsAsReviewer(store: Store, viewer: Viewer | null, room: RoomRecord): Promise<boolean> {
  if (!viewer || room.kind !== 'SESSION' || !isSafeguardingLead(viewer.user)) return false;
  const grant = await store.getReviewGrant(room.id, viewer.user.id);
  return canReadRoom(viewer, room, false, grant !== null);
}
