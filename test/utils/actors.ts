import { must } from './graphql-client.js';
import { TEST_ADMIN } from './test-server.js';

export interface Actor {
  id: string;
  token: string;
  handle: string;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}${process.pid}x${++counter}`;

const AUTH_FIELDS = 'token viewer { id handle role }';

export async function registerStudent(url: string, name = 'Student'): Promise<Actor> {
  const handle = unique('s');
  const data = await must(url, `mutation($i: RegisterInput!) { register(input: $i) { ${AUTH_FIELDS} } }`, {
    i: { handle, password: 'student-password', displayName: name },
  });
  return { id: data.register.viewer.id, token: data.register.token, handle };
}

export async function signInAdmin(url: string): Promise<Actor> {
  const data = await must(url, `mutation($i: SignInInput!) { signIn(input: $i) { ${AUTH_FIELDS} } }`, {
    i: TEST_ADMIN,
  });
  return { id: data.signIn.viewer.id, token: data.signIn.token, handle: TEST_ADMIN.handle };
}

/** A user promoted by the admin to the given role. */
export async function userWithRole(
  url: string,
  role: 'MENTOR' | 'ADMIN' | 'STUDENT',
  name: string = role,
): Promise<Actor> {
  const user = await registerStudent(url, name);
  if (role !== 'STUDENT') {
    const admin = await signInAdmin(url);
    await must(
      url,
      'mutation($u: ID!, $r: Role!) { setUserRole(userId: $u, role: $r) { id } }',
      { u: user.id, r: role },
      admin.token,
    );
  }
  return user;
}

export async function guest(url: string, displayName = 'Visitor'): Promise<Actor> {
  const data = await must(url, `mutation($i: JoinAnonymouslyInput) { joinAnonymously(input: $i) { ${AUTH_FIELDS} } }`, {
    i: { displayName },
  });
  return {
    id: data.joinAnonymously.viewer.id,
    token: data.joinAnonymously.token,
    handle: data.joinAnonymously.viewer.handle,
  };
}

export async function createRoom(
  url: string,
  token: string,
  input: {
    name?: string;
    kind: 'PUBLIC' | 'PRIVATE';
    allowGuests?: boolean;
    encrypted?: boolean;
    memberIds?: string[];
  },
): Promise<string> {
  const data = await must(
    url,
    'mutation($i: CreateRoomInput!) { createRoom(input: $i) { id } }',
    {
      i: { name: input.name ?? unique('room'), ...input },
    },
    token,
  );
  return data.createRoom.id;
}

/** Starts a mentoring session (an encrypted SESSION room) as the mentor, with the student. */
export async function startSession(
  url: string,
  mentorToken: string,
  studentId: string,
  topic?: string,
): Promise<string> {
  const data = await must(
    url,
    'mutation($i: StartMentoringSessionInput!) { startMentoringSession(input: $i) { id } }',
    { i: { studentId, topic } },
    mentorToken,
  );
  return data.startMentoringSession.id;
}

export async function joinRoom(url: string, token: string, roomId: string): Promise<void> {
  await must(url, 'mutation($r: ID!) { joinRoom(roomId: $r) { id } }', { r: roomId }, token);
}

export async function send(url: string, token: string, roomId: string, body: string, clientId = unique('c')) {
  const data = await must(
    url,
    'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq body clientId } }',
    { i: { roomId, clientId, body } },
    token,
  );
  return data.sendMessage as { id: string; seq: number; body: string; clientId: string };
}
