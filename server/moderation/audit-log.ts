import type { AuditRecord, NewAuditEntry, Store } from '../store/store.js';

/**
 * Every kind of audit entry: the API name (the `AuditAction` enum) and what the store keeps.
 * One list, so a service cannot write an action the API could not show or filter by.
 */
export const AUDIT_ACTIONS = {
  ROLE_CHANGE: { stored: 'role.change', description: 'An admin changed a role; details: from, to.' },
  STAFF_SIGN_IN: { stored: 'signin.staff', description: 'A mentor or admin signed in; details: role.' },
  MEMBER_JOIN: { stored: 'member.join', description: 'A user joined a PUBLIC room.' },
  MEMBER_LEAVE: { stored: 'member.leave', description: 'A user left a room.' },
  MEMBER_ADD: {
    stored: 'member.add',
    description: 'A user was added to a room (addRoomMember, createRoom, startMentoringSession); details: via.',
  },
  MEMBER_REMOVE: { stored: 'member.remove', description: 'A member was removed from a PRIVATE room.' },
  MEMBER_KICK: { stored: 'member.kick', description: 'A moderator removed someone from a PUBLIC room.' },
  USER_MUTE: { stored: 'user.mute', description: 'A moderator muted someone in a room; details: minutes, until.' },
  USER_UNMUTE: { stored: 'user.unmute', description: 'A moderator lifted a mute.' },
  MESSAGE_DELETE: { stored: 'message.delete', description: "A moderator deleted someone else's message." },
  REPORT_CREATE: { stored: 'report.create', description: 'A member reported a message; details: reportId.' },
  REPORT_RESOLVE: { stored: 'report.resolve', description: 'An admin closed a report; details: reportId, status.' },
  ROOM_RETENTION: { stored: 'room.retention', description: "An admin changed a room's retention; details: from, to." },
  RETENTION_SWEEP: {
    stored: 'retention.sweep',
    description: 'The retention sweep deleted expired messages of a room; details: messages, retentionDays.',
  },
  ACCOUNT_EXPORT: { stored: 'account.export', description: "A user's data was exported (by them or an admin)." },
  ACCOUNT_DELETE: {
    stored: 'account.delete',
    description: 'An account was deleted (by its owner or an admin); details: counts, and the reason of an admin.',
  },
  HANDLE_RELEASE: {
    stored: 'handle.release',
    description: 'The grace period of a deleted account ended and its handle was released.',
  },
  SAFEGUARDING_LEAD: {
    stored: 'safeguarding.lead',
    description: 'An admin designated or stopped designating the safeguarding lead; details: enabled.',
  },
  SESSION_REVIEW: {
    stored: 'session.review',
    description: 'A safeguarding lead opened a SESSION room for review; details: reason.',
  },
  DEVICE_REMOVE: {
    stored: 'device.remove',
    description:
      'A mentor or admin removed one of their devices, and with it the room keys wrapped for it; details: deviceId, safeguardingLead.',
  },
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

const byStored = new Map(Object.entries(AUDIT_ACTIONS).map(([name, a]) => [a.stored as string, name as AuditAction]));

/** The API name of a stored action; null for one this version does not know (written by a newer one). */
export const auditActionOf = (stored: string): AuditAction | null => byStored.get(stored) ?? null;

export type AuditEntry = Omit<NewAuditEntry, 'action' | 'at'>;

/**
 * Appends one entry. Awaited by the caller after its write succeeded: an entry never
 * describes something that did not happen, and a failed append fails the request (which
 * the caller may retry: every audited operation is idempotent or refuses a repeat).
 * `details` holds ids, counts, roles and moderators' reasons; never bodies, tokens or passwords.
 */
export function recordAudit(store: Store, action: AuditAction, entry: AuditEntry): Promise<AuditRecord> {
  return store.appendAudit({ ...entry, action: AUDIT_ACTIONS[action].stored });
}
