import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.js';
import { globalId } from '../schema/ids.js';
import type { Services } from '../services.js';
import { mintPortalToken, PERSONAS, personaById } from './personas.js';
import { HELP_DESK_ROOM } from './seed.js';

const MAX_BODY_BYTES = 1_024;

type Route = (req: IncomingMessage, res: ServerResponse, services: Services) => boolean | Promise<boolean>;

function json(res: ServerResponse, status: number, body: unknown): true {
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    .end(JSON.stringify(body));
  return true;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

/**
 * The demo portal's back end, for development only: it plays the school portal that
 * signs single sign-on tokens for its users.
 *   GET  /demo/info   -> { school, personas, rooms: { helpDesk } }
 *   POST /demo/token  {"persona": "sam"} -> { token, persona }   (a portal JWT, 5 minutes)
 */
export function demoRoutes(config: Readonly<Config>): Route {
  if (config.nodeEnv === 'production') throw new Error('The demo portal routes must never run in production.');
  const secret = config.portalJwtSecret;
  return async (req, res, services) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/demo/info' && req.method === 'GET') {
      const rooms = await services.store.listVisibleRooms('');
      const helpDesk = rooms.find((room) => room.kind === 'PUBLIC' && room.name === HELP_DESK_ROOM);
      const personas = PERSONAS.map(({ id, name, role, title }) => ({ id, name, role, title }));
      return json(res, 200, {
        school: 'Northfield Academy',
        personas,
        rooms: { helpDesk: helpDesk ? globalId('Room', helpDesk.id) : null },
      });
    }
    if (path === '/demo/token' && req.method === 'POST') {
      if (!secret)
        return json(res, 503, { error: 'PORTAL_JWT_SECRET is not set, so the demo portal cannot sign tokens.' });
      const persona = personaById((await readJson(req))?.persona);
      if (!persona) return json(res, 400, { error: 'Unknown persona.' });
      return json(res, 200, {
        token: await mintPortalToken(secret, persona),
        persona: { id: persona.id, name: persona.name },
      });
    }
    return false;
  };
}
