import type { Config } from '../config.js';
import type { Viewer } from '../context.js';
import type { Services } from '../services.js';
import { mintPortalToken, PERSONAS, type Persona } from './personas.js';

export const HELP_DESK_ROOM = 'Year 11 Chemistry: help desk';
const OFFICE_HANDLE = 'northfield-office';

type Script = [who: string, body: string][];

const HELP_DESK: Script = [
  ['rivera', "Welcome to the Year 11 Chemistry help desk! Ask anything about this week's topic: rates of reaction."],
  ['sam', 'Does a catalyst change how much product we get, or only how fast we get it?'],
  [
    'rivera',
    'Only how fast. A catalyst lowers the activation energy, so more collisions succeed, but the amount of product stays the same.',
  ],
  [
    'aisha',
    'So in the marble chips practical, the powder reacts faster because of surface area, not because of a catalyst?',
  ],
  ['rivera', 'Exactly, Aisha. More surface area means more frequent collisions. Great exam answer!'],
];

const LOUNGE: Script = [
  ['office', 'Share your revision tips here. Be kind, and keep personal contact details out of the chat.'],
  ['aisha', 'Pomodoro works for me: 25 minutes on, 5 minutes off, and my phone in another room.'],
];

const REVISION_GROUP: Script = [
  ['rivera', 'I have made this group for our Thursday revision sessions. Bring your questions!'],
  ['sam', 'Thanks Miss! Could we go over titration calculations?'],
  ['rivera', 'Yes, we will start with moles and concentration. Have a look at page 112 before then.'],
];

/**
 * Seeds the Northfield Academy demo once, into an empty store, so a newcomer sees a
 * living chat: the persona users (signed in through the same portal tokens the demo
 * page uses), two public rooms, a private revision group, and a few messages.
 * Returns false when the store already holds rooms (nothing is touched then).
 */
export async function seedDemo(services: Services, config: Readonly<Config>): Promise<boolean> {
  const secret = config.portalJwtSecret;
  if (!secret || config.nodeEnv === 'production') return false;
  if ((await services.store.listVisibleRooms('')).length > 0) return false;
  if (await services.store.getUserByHandle(OFFICE_HANDLE)) return false;

  const office = await services.store.createUser({
    handle: OFFICE_HANDLE,
    displayName: 'Northfield Office',
    role: 'ADMIN',
  });
  const cast: Record<string, Viewer> = { office: { user: office, tokenHash: '' } };
  for (const persona of PERSONAS) cast[persona.id] = await signIn(services, secret, persona);

  const helpDesk = await services.rooms.create(cast.office, {
    name: HELP_DESK_ROOM,
    kind: 'PUBLIC',
    allowGuests: true,
  });
  const lounge = await services.rooms.create(cast.office, {
    name: 'Study skills lounge',
    kind: 'PUBLIC',
    allowGuests: false,
  });
  for (const id of ['rivera', 'sam', 'aisha']) {
    await services.rooms.join(cast[id], helpDesk.id);
    await services.rooms.join(cast[id], lounge.id);
  }
  const group = await services.rooms.create(cast.rivera, {
    name: 'Chemistry revision group',
    kind: 'PRIVATE',
    memberIds: [cast.sam.user.id, cast.aisha.user.id],
  });

  await play(services, cast, helpDesk.id, HELP_DESK);
  await play(services, cast, lounge.id, LOUNGE);
  await play(services, cast, group.id, REVISION_GROUP);
  return true;
}

async function signIn(services: Services, secret: string, persona: Persona): Promise<Viewer> {
  const { viewer } = await services.auth.signInWithPortalToken(await mintPortalToken(secret, persona));
  return { user: viewer, tokenHash: '' };
}

async function play(services: Services, cast: Record<string, Viewer>, roomId: string, script: Script): Promise<void> {
  let last: { id: string } | null = null;
  for (const [index, [who, body]] of script.entries()) {
    last = await services.messages.send(cast[who], { roomId, clientId: `demo-seed-${index}`, body });
  }
  // The mentor has read everything; the students have something new waiting.
  if (last && (await services.store.isMember(roomId, cast.rivera.user.id))) {
    await services.receipts.markRead(cast.rivera, roomId, last.id);
  }
}
