import type { UserRecord } from '../store/store.js';

/** What others see of a deleted account: its tombstones are "by Deleted user". */
export const DELETED_DISPLAY_NAME = 'Deleted user';

/** The store's convention (Store.listDeletedUsersHoldingHandles); sign-up reserves the prefix. */
export const RELEASED_HANDLE_PREFIX = 'deleted-';

export const releasedHandle = (userId: string) => `${RELEASED_HANDLE_PREFIX}${userId}`;

/**
 * The handle the API shows. A deleted account keeps its old handle for a grace period (so no
 * one can take it over at once), but the API never shows it again after the deletion.
 */
export const shownHandle = (user: UserRecord) => (user.deletedAt ? releasedHandle(user.id) : user.handle);
