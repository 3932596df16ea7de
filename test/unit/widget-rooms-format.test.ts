import { describe, expect, it } from 'vitest';
import { bodyLength, charactersLeft, formatDay, MAX_BODY, roleBadge } from '../../widget/state/format.js';
import { sortRooms, totalUnread, unreadByRoom, upsertRoom } from '../../widget/state/rooms.js';
import { room } from './widget-fixtures.js';

const last = (createdAt: string) => ({
  id: 'm',
  seq: 1,
  body: 'x',
  createdAt,
  deletedAt: null,
  author: { id: 'u', displayName: 'U' },
});

describe('rooms', () => {
  it('sorts joined rooms by latest activity, then rooms to join by name', () => {
    const rooms = [
      room('b', { name: 'Beta', viewerIsMember: false }),
      room('old', { name: 'Old', lastMessage: last('2025-03-01T10:00:00.000Z') }),
      room('a', { name: 'Alpha', viewerIsMember: false }),
      room('new', { name: 'New', lastMessage: last('2025-03-07T10:00:00.000Z') }),
      room('quiet', { name: 'Quiet' }),
    ];
    expect(sortRooms(rooms).map((r) => r.id)).toEqual(['new', 'old', 'quiet', 'a', 'b']);
  });

  it('counts unread only in rooms the viewer is in', () => {
    const rooms = [
      room('a', { unreadCount: 2 }),
      room('b', { unreadCount: 0 }),
      room('c', { unreadCount: 5, viewerIsMember: false }),
    ];
    expect(totalUnread(rooms)).toBe(2);
    expect(unreadByRoom(rooms)).toEqual({ a: 2 });
  });

  it('replaces or appends one room', () => {
    const rooms = [room('a'), room('b')];
    expect(upsertRoom(rooms, room('a', { name: 'Renamed' })).map((r) => r.name)).toEqual(['Renamed', 'Room b']);
    expect(upsertRoom(rooms, room('c'))).toHaveLength(3);
  });
});

describe('format', () => {
  it('counts characters as the server does (code points, trimmed)', () => {
    expect(bodyLength('  héllo  ')).toBe(5);
    expect(bodyLength('🧪🧪')).toBe(2);
  });

  it('shows the counter only near the limit', () => {
    expect(charactersLeft('short')).toBeNull();
    expect(charactersLeft('a'.repeat(MAX_BODY - 10))).toBe(10);
    expect(charactersLeft('a'.repeat(MAX_BODY + 3))).toBe(-3);
  });

  it('badges mentors, admins and guests, not students', () => {
    expect(['MENTOR', 'ADMIN', 'GUEST', 'STUDENT'].map(roleBadge)).toEqual(['Mentor', 'Admin', 'Guest', null]);
  });

  it('names today and yesterday', () => {
    const now = new Date(2025, 2, 7, 15, 0);
    expect(formatDay(new Date(2025, 2, 7, 9, 0).toISOString(), now)).toBe('Today');
    expect(formatDay(new Date(2025, 2, 6, 23, 0).toISOString(), now)).toBe('Yesterday');
    expect(formatDay(new Date(2025, 1, 20, 9, 0).toISOString(), now)).not.toMatch(/Today|Yesterday/);
  });
});
