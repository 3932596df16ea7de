import type { Store } from './store.js';

// The Store's methods in the groups both adapters implement them in, one module per group
// (`sqlite/users.ts` and `mongo/users.ts`, and so on), so the two split the interface alike.

export type UserMethods = Pick<
  Store,
  | 'createUser'
  | 'getUser'
  | 'getUsers'
  | 'getUserByHandle'
  | 'getUserByPortalSubject'
  | 'updateUser'
  | 'listSafeguardingLeads'
  | 'listDeletedUsersHoldingHandles'
  | 'searchUsers'
  | 'createSession'
  | 'getSession'
  | 'revokeSession'
  | 'revokeUserSessions'
>;

export type RoomMethods = Pick<
  Store,
  | 'createRoom'
  | 'getRoom'
  | 'updateRoom'
  | 'listAllRooms'
  | 'listMemberRoomIds'
  | 'listVisibleRooms'
  | 'addMember'
  | 'removeMember'
  | 'isMember'
  | 'listMemberIds'
  | 'bumpKeyVersion'
>;

export type MessageMethods = Pick<
  Store,
  | 'appendMessage'
  | 'getMessage'
  | 'listMessages'
  | 'updateMessage'
  | 'lastMessage'
  | 'countMessagesAfter'
  | 'listMessagesByAuthor'
  | 'tombstoneMessagesByAuthor'
  | 'expireMessages'
  | 'advanceReceipt'
  | 'getReceipt'
  | 'listReceipts'
>;

export type KeyMethods = Pick<
  Store,
  | 'createDevice'
  | 'getDevice'
  | 'listDevices'
  | 'removeDevice'
  | 'shareRoomKey'
  | 'listWrappedKeys'
  | 'putKeyBackup'
  | 'getKeyBackup'
  | 'deleteUserKeyMaterial'
>;

export type ModerationMethods = Pick<
  Store,
  | 'setMute'
  | 'getMute'
  | 'createReport'
  | 'getReport'
  | 'listReports'
  | 'resolveReport'
  | 'createReviewGrant'
  | 'getReviewGrant'
>;

export type AuditMethods = Pick<Store, 'appendAudit' | 'listAudit'>;
