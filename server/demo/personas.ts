import { SignJWT } from 'jose';

/** The demo portal's people. Their `sub` is what a real portal would hold as its user id. */
export interface Persona {
  id: string;
  sub: string;
  role: 'student' | 'mentor';
  name: string;
  title: string;
}

export const PERSONAS: readonly Persona[] = [
  { id: 'sam', sub: 'northfield-demo-sam', role: 'student', name: 'Sam Patel', title: 'Year 11 student' },
  { id: 'aisha', sub: 'northfield-demo-aisha', role: 'student', name: 'Aisha Khan', title: 'Year 11 student' },
  {
    id: 'rivera',
    sub: 'northfield-demo-rivera',
    role: 'mentor',
    name: 'Ms Rivera',
    title: 'Chemistry teacher and mentor',
  },
];

export const personaById = (id: unknown): Persona | undefined => PERSONAS.find((p) => p.id === id);

/** What the portal would sign for a signed-in user: HS256, 5 minutes, the contract's claims. */
export function mintPortalToken(secret: string, persona: Persona): Promise<string> {
  return new SignJWT({ role: persona.role, name: persona.name })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(persona.sub)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
}
