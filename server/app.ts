import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import type { Config } from './config.js';
import { bearerToken, buildContext } from './context.js';
import { AppError, toClientError } from './errors.js';
import { useContractErrorCodes } from './http/contract-errors-plugin.js';
import { originAllowed } from './http/origins.js';
import { staticRoutes } from './http/static-routes.js';
import { yogaLogger } from './log.js';
import { Presence } from './presence/presence.js';
import { createPubSub, type PubSub } from './pubsub.js';
import { schema } from './schema/index.js';
import { createServices, type Services } from './services.js';
import type { Store } from './store/store.js';
import { attachSockets, CLOSE_FORBIDDEN } from './ws/sockets.js';

const CLOSE = { connection: 'close' };

export interface AppDeps {
  config: Readonly<Config>;
  store: Store;
  /** Cross-instance pub/sub (Redis); in-process when omitted. */
  pubsub?: PubSub;
  /** Extra HTTP routes mounted before the static ones (the demo portal's token minting). */
  extraRoutes?: (req: IncomingMessage, res: ServerResponse, services: Services) => boolean | Promise<boolean>;
}

export interface App {
  services: Services;
  server: Server;
  start(port?: number, host?: string): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
}

/** Builds the whole server: Yoga over HTTP, graphql-ws on the same path, static widget and demo. */
export function buildApp(deps: AppDeps): App {
  const { config, store } = deps;
  const pubsub = deps.pubsub ?? createPubSub();
  const presence = new Presence();
  const services = createServices({ store, pubsub, config, presence });
  const dev = config.nodeEnv !== 'production';

  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse }>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: dev ? { subscriptionsProtocol: 'WS' } : false,
    logging: config.nodeEnv === 'test' ? false : yogaLogger,
    cors: { origin: [...config.allowedOrigins], credentials: true, methods: ['GET', 'POST', 'OPTIONS'] },
    maskedErrors: { maskError: (error) => toClientError(error) },
    context: ({ request, req }) =>
      buildContext({ services, pubsub, config }, bearerToken(request.headers.get('authorization')), {
        ip: req.socket.remoteAddress ?? 'unknown',
        requestId: request.headers.get('x-request-id')?.slice(0, 64) || undefined,
      }),
    plugins: [
      useContractErrorCodes(),
      EnvelopArmorPlugin({
        maxDepth: { n: 12 },
        maxAliases: { n: 20 },
        maxTokens: { n: 3000 },
        maxDirectives: { n: 20 },
        costLimit: { maxCost: 8000 },
        blockFieldSuggestion: { enabled: !dev },
      }),
    ],
  });

  const routes = staticRoutes(dev);
  const server = createServer(async (req, res) => {
    try {
      const url = req.url ?? '/';
      if (url === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      if (url.startsWith('/graphql')) {
        if (req.method === 'POST') {
          const length = Number(req.headers['content-length']);
          // Refuse before reading: the body is never buffered, and the connection is not reused.
          if (!req.headers['content-length'] || Number.isNaN(length)) return void res.writeHead(411, CLOSE).end();
          if (length > config.maxRequestBytes) return void res.writeHead(413, CLOSE).end();
        }
        return void yoga(req, res);
      }
      if (deps.extraRoutes && (await deps.extraRoutes(req, res, services))) return;
      const next = () => {
        if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      };
      if (url.startsWith('/widget/') && routes.widget) return routes.widget(req, res, next);
      if (routes.demo) return routes.demo(req, res, next);
      next();
    } catch {
      if (!res.headersSent) res.writeHead(500).end();
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxRequestBytes });
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/graphql' || !originAllowed(req.headers.origin, config.allowedOrigins)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const sockets = attachSockets({ wss, services, pubsub, presence });
  const wsServer = useServer(
    {
      execute: (args: ExecutionArgs) => (args.rootValue as { execute: typeof import('graphql').execute }).execute(args),
      subscribe: (args: ExecutionArgs) =>
        (args.rootValue as { subscribe: typeof import('graphql').subscribe }).subscribe(args),
      onConnect: (ctx) => sockets.onConnect(ctx),
      onClose: (ctx) => sockets.onClose(ctx),
      onSubscribe: async (ctx, _id, payload) => {
        const token = sockets.tokenOf(ctx);
        const contextValue = await buildContext({ services, pubsub, config }, token, {
          ip: ctx.extra.request.socket.remoteAddress ?? 'unknown',
        });
        if (token && !contextValue.viewer) {
          // Expired or revoked since the socket opened: the contract closes it.
          ctx.extra.socket.close(CLOSE_FORBIDDEN, 'Forbidden');
          return [new AppError('UNAUTHENTICATED', 'Your session has ended. Sign in again.')];
        }
        const {
          schema: s,
          execute,
          subscribe,
          parse,
          validate,
        } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
        });
        let document: ReturnType<typeof parse>;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [toClientError(error)];
        }
        const errors = validate(s, document);
        if (errors.length > 0) return errors.map((e: unknown) => toClientError(e));
        return {
          schema: s,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue,
          rootValue: { execute, subscribe },
        };
      },
    },
    wss,
  );

  return {
    services,
    server,
    async start(port = config.port, host = config.host) {
      await services.auth.ensureAdmin();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      return { url: `http://${shownHost}:${address.port}`, port: address.port };
    },
    async stop() {
      services.typing.close();
      await wsServer.dispose();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
