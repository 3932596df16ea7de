import { type Actor, createRoom, guest, send, signInAdmin, startSession, userWithRole } from './actors.js';
import { startTestServer, type TestServer } from './test-server.js';

/**
 * The cast of the permission tables: one of each role, plus members and outsiders of a
 * PRIVATE room and a SESSION room. Names and bodies are distinctive so a test can prove
 * they never leak into another caller's error message.
 */
export interface World {
  admin: Actor;
  /** MENTOR, creator of `priv`. */
  mentorOwner: Actor;
  /** MENTOR, added to `priv` by its creator. */
  mentorMember: Actor;
  /** MENTOR of `other` only: "a user of another room". */
  mentorOutsider: Actor;
  /** STUDENT, member of `priv` and of `session`. */
  studentMember: Actor;
  /** STUDENT of `other` only. */
  studentOutsider: Actor;
  guest: Actor;
  rooms: {
    pubGuests: string;
    pubNoGuests: string;
    /** PRIVATE: mentorOwner, mentorMember, studentMember. */
    priv: string;
    /** SESSION: mentorOwner and studentMember. */
    session: string;
    /** PRIVATE: mentorOutsider and studentOutsider. */
    other: string;
  };
  /** A message of studentMember in `priv`. */
  privMessageId: string;
  /** Strings only members of `priv` may ever see. */
  secrets: string[];
}

export const SECRET_ROOM_NAME = 'zz-secret-room-name';
export const SECRET_BODY = 'zz-secret-body-text';
export const SECRET_TOPIC = 'zz-secret-topic';

export async function buildWorld(url: string): Promise<World> {
  const [admin, mentorOwner, mentorMember, mentorOutsider, studentMember, studentOutsider, guestActor] =
    await Promise.all([
      signInAdmin(url),
      userWithRole(url, 'MENTOR', 'Mentor Owner'),
      userWithRole(url, 'MENTOR', 'Mentor Member'),
      userWithRole(url, 'MENTOR', 'Mentor Outsider'),
      userWithRole(url, 'STUDENT', 'Student Member'),
      userWithRole(url, 'STUDENT', 'Student Outsider'),
      guest(url),
    ]);
  const pubGuests = await createRoom(url, admin.token, { kind: 'PUBLIC', allowGuests: true });
  const pubNoGuests = await createRoom(url, admin.token, { kind: 'PUBLIC' });
  const priv = await createRoom(url, mentorOwner.token, {
    kind: 'PRIVATE',
    name: SECRET_ROOM_NAME,
    memberIds: [mentorMember.id, studentMember.id],
  });
  const other = await createRoom(url, mentorOutsider.token, { kind: 'PRIVATE', memberIds: [studentOutsider.id] });
  const session = await startSession(url, mentorOwner.token, studentMember.id, SECRET_TOPIC);
  const privMessageId = (await send(url, studentMember.token, priv, SECRET_BODY)).id;
  return {
    admin,
    mentorOwner,
    mentorMember,
    mentorOutsider,
    studentMember,
    studentOutsider,
    guest: guestActor,
    rooms: { pubGuests, pubNoGuests, priv, session, other },
    privMessageId,
    secrets: [SECRET_ROOM_NAME, SECRET_BODY, SECRET_TOPIC, studentMember.handle],
  };
}

/** A test server with the shared world and a second admin who belongs to no room (one per test file). */
export async function startWorld(): Promise<{ server: TestServer; world: World; admin2: Actor }> {
  const server = await startTestServer();
  const world = await buildWorld(server.url);
  const admin2 = await userWithRole(server.url, 'ADMIN', 'Second Admin');
  return { server, world, admin2 };
}
