import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { SignJWT } from 'jose';
import { demoRoutes } from '../../../server/demo/demo-routes.js';
import { startTestServer, TEST_PORTAL_SECRET, type TestServer } from '../../utils/test-server.js';

export interface E2eServer {
  server: TestServer;
  /** The page origin: the widget and host pages are served by the chat server itself. */
  origin: string;
  /** Serves `html` at a fresh path of the origin and returns its URL. */
  hostPage(html: string): string;
}

/**
 * Host pages come from the server itself, over the network: Chromium's local-network
 * checks block a socket to 127.0.0.1 from a page that Playwright fulfilled on its own.
 */
function hostPages() {
  const pages = new Map<string, string>();
  const route = (req: IncomingMessage, res: ServerResponse): boolean => {
    const html = pages.get((req.url ?? '').split('?')[0]);
    if (html === undefined) return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    return true;
  };
  const add = (html: string) => {
    const path = `/__host/${pages.size + 1}`;
    pages.set(path, html);
    return path;
  };
  return { route, add };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The real server for browser tests: its own origin allowed for sockets, the demo
 * portal's routes mounted (they also serve the built widget at /widget/), and host pages.
 */
export async function startE2eServer(env: Record<string, string> = {}): Promise<E2eServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const pages = hostPages();
  const server = await startTestServer({ ALLOWED_ORIGINS: origin, ...env }, undefined, {
    port,
    extraRoutes: (config) => {
      const demo = demoRoutes(config);
      return (req, res, services) => pages.route(req, res) || demo(req, res, services);
    },
  });
  return { server, origin, hostPage: (html) => `${origin}${pages.add(html)}` };
}

/** A portal JWT as a school portal would sign it (HS256, the test secret). */
export function portalToken(sub: string, role: 'student' | 'mentor', name: string): Promise<string> {
  return new SignJWT({ role, name })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(TEST_PORTAL_SECRET));
}
