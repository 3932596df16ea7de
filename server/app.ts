import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { type ExecutionArgs, getOperationAST } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { keyringFromConfig } from './at-rest/keyring.js';
import { sealedBodies } from './at-rest/sealed-bodies.js';
import type { Config } from './config.js';
import { bearerToken, buildContext } from './context.js';
import { AppError, toClientError } from './errors.js';
import { useCompiledExecution } from './execution/compiled-execution.js';
import { useReleaseRequestCaches } from './execution/request-caches.js';
import { useSharedSubscriptions } from './execution/use-shared-subscriptions.js';
import { clientIpResolver } from './http/client-ip.js';
import { useContractErrorCodes } from './http/contract-errors-plugin.js';
import { originAllowed } from './http/origins.js';
import { staticRoutes } from './http/static-routes.js';
import { useWellFormedText } from './http/well-formed-text.js';
import { createLimits } from './limits/limits.js';
import { yogaLogger } from './log.js';
import { CLOSE_SERVICE_RESTART, closeHttp, closeSockets } from './ops/drain.js';
import {
  countMessagesSent,
  createMetrics,
  instrumentDeliveries,
  recordDelivery,
  stampSharedResult,
} from './ops/metrics.js';
import { connectRedis } from './ops/redis.js';
import { requestIdOf, useRequestLog } from './ops/request-log.js';
import { opsRoutes } from './ops/routes.js';
import { createPresenceService, type PresenceTuning } from './presence/presence.service.js';
import { createPubSub, type PubSub } from './pubsub.js';
import { schema } from './schema/index.js';
import { createServices, type Services } from './services.js';
import type { Store } from './store/store.js';
import { spliceNext } from './ws/next-frames.js';
import { attachSockets, CLOSE_FORBIDDEN } from './ws/sockets.js';

const CLOSE = { connection: 'close' };

export interface AppDeps {
  config: Readonly<Config>;
  store: Store;
  /** Pub/sub to use instead of the default (Redis when `config.redisUrl` is set, else in-process). */
  pubsub?: PubSub;
  /** Prefix of this app's Redis keys and channel (default `mentor-chat:`); tests use one per run. */
  redisPrefix?: string;
  /** Presence windows and timings (defaults in server/presence/). */
  presence?: Partial<PresenceTuning>;
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
  const { config } = deps;
  // Message bodies are sealed at rest here, once, below every service (docs/encryption.md).
  const store = sealedBodies(deps.store, keyringFromConfig(config));
  const redis =
    !deps.pubsub && config.redisUrl ? connectRedis(config.redisUrl, deps.redisPrefix ?? 'mentor-chat:') : null;
  const metrics = createMetrics();
  const pubsub = countMessagesSent(deps.pubsub ?? redis?.pubsub ?? createPubSub(), metrics);
  const presence = createPresenceService({ store, pubsub, redis, tuning: deps.presence });
  let draining = false;
  const limits = createLimits(config.limits, config.redisUrl);
  const clientIp = clientIpResolver(config.trustProxy);
  const services = createServices({ store, pubsub, config, presence, limits });
  const dev = config.nodeEnv !== 'production';

  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse }>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: dev ? { subscriptionsProtocol: 'WS' } : false,
    logging: config.nodeEnv === 'test' ? false : yogaLogger,
    cors: { origin: [...config.allowedOrigins], credentials: true, methods: ['GET', 'POST', 'OPTIONS'] },
    maskedErrors: { maskError: (error) => toClientError(error) },
    // The HTTP handler below refuses a POST without Content-Length (411) or above the limit
    // (413) before Yoga runs, and Node's parser never reads a body past its Content-Length:
    // Yoga's own check would only pipe every body through a byte-counting stream again.
    maxRequestBodySize: false,
    context: ({ request, req }) =>
      buildContext({ services, pubsub, config }, bearerToken(request.headers.get('authorization')), {
        ip: clientIp(req),
        requestId: requestIdOf(request),
      }),
    plugins: [
      useContractErrorCodes(),
      useWellFormedText(),
      useRequestLog(metrics),
      useReleaseRequestCaches(),
      useCompiledExecution(),
      EnvelopArmorPlugin({
        maxDepth: { n: config.limits.graphql.maxDepth },
        maxAliases: { n: config.limits.graphql.maxAliases },
        maxTokens: { n: config.limits.graphql.maxTokens },
        maxDirectives: { n: config.limits.graphql.maxDirectives },
        costLimit: { maxCost: config.limits.graphql.maxCost },
        blockFieldSuggestion: { enabled: !dev },
      }),
      // Each subscription event runs once per distinct operation (and viewer, where read), its
      // errors masked once too. Last: it answers the subscribe itself.
      useSharedSubscriptions({ onExecuted: stampSharedResult, maskError: toClientError }),
    ],
  });

  instrumentDeliveries(schema);
  const ops = opsRoutes({ store, redis, metrics, draining: () => draining });
  const routes = staticRoutes(dev);
  const server = createServer(async (req, res) => {
    try {
      const url = req.url ?? '/';
      if (url === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      if (await ops(req, res)) return;
      if (url.startsWith('/graphql')) {
        if (req.method === 'POST') {
          const length = Number(req.headers['content-length']);
          // Refuse before reading: the body is never buffered, and the connection is not reused.
          if (!req.headers['content-length'] || Number.isNaN(length)) return void res.writeHead(411, CLOSE).end();
          if (length > config.maxRequestBytes) return void res.writeHead(413, CLOSE).end();
        }
        if (await limits.http.refused(req, res, clientIp(req))) return;
        return void yoga(req, res);
      }
      if (deps.extraRoutes && (await deps.extraRoutes(req, res, services))) return;
      const next = () => {
        if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      };
      if (url.startsWith('/widget/') && routes.widget) {
        // sirv is rooted at dist/widget: it looks files up by the path below the prefix.
        req.url = url.slice('/widget'.length);
        return routes.widget(req, res, next);
      }
      if (routes.demo) return routes.demo(req, res, next);
      next();
    } catch {
      if (!res.headersSent) res.writeHead(500).end();
    }
  });

  // One message per tick: a socket that sends hundreds of frames at once cannot hold the
  // event loop while they are handled (docs/limits.md, the operation rate per socket).
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxRequestBytes,
    allowSynchronousEvents: false,
  });
  server.on('upgrade', (req, socket, head) => {
    if (draining) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/graphql' || !originAllowed(req.headers.origin, config.allowedOrigins)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    // Refused before the handshake: the cheapest answer, and graphql-ws clients retry with backoff.
    const release = limits.sockets.claimSocket(clientIp(req));
    if (!release) {
      socket.end('HTTP/1.1 429 Too Many Requests\r\nRetry-After: 30\r\nConnection: close\r\n\r\n');
      return;
    }
    socket.once('close', release);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const sockets = attachSockets({ wss, services, pubsub, presence });
  metrics.observe({ openSockets: () => wss.clients.size, activeSubscriptions: () => sockets.activeSubscriptions() });
  const wsServer = useServer(
    {
      execute: (args: ExecutionArgs) => (args.rootValue as { execute: typeof import('graphql').execute }).execute(args),
      subscribe: (args: ExecutionArgs) =>
        (args.rootValue as { subscribe: typeof import('graphql').subscribe }).subscribe(args),
      onConnect: (ctx) => sockets.onConnect(ctx),
      onClose: (ctx) => sockets.onClose(ctx),
      onNext: (ctx, id, _payload, args, result) => {
        recordDelivery(metrics, args, result);
        // A result shared by many subscribers is serialized once, not once per socket.
        return spliceNext(ctx.extra.socket, id, result);
      },
      onError: (_ctx, _id, _payload, errors) => metrics.countErrors(errors),
      onSubscribe: async (ctx, id, payload) => {
        const tooFast = await limits.sockets.admitOperation(ctx.extra.socket);
        if (tooFast) return [tooFast];
        const token = sockets.tokenOf(ctx);
        const contextValue = await buildContext({ services, pubsub, config }, token, {
          ip: clientIp(ctx.extra.request),
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
        if (getOperationAST(document, payload.operationName)?.operation === 'subscription') {
          const refused = limits.sockets.admitSubscription(ctx.extra.socket, ctx.subscriptions, id);
          if (refused) return [refused];
        }
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
      await redis?.ready();
      await presence.start();
      await limits.ready();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      services.retention.start();
      const address = server.address() as AddressInfo;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      return { url: `http://${shownHost}:${address.port}`, port: address.port };
    },
    /**
     * Drains: stops accepting at once, closes every socket with 1012 so clients reconnect
     * (elsewhere, behind a balancer), lets HTTP requests in flight finish, then lets go of Redis.
     */
    async stop() {
      draining = true;
      const httpClosed = closeHttp(server, 5_000);
      const sweepStopped = services.retention.stop();
      services.typing.close();
      await closeSockets(wss, CLOSE_SERVICE_RESTART, 'Service Restart', 3_000);
      await wsServer.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await httpClosed;
      await sweepStopped;
      await presence.stop();
      await redis?.quit();
      // Last: a limit check still in flight must not meet a closed connection.
      await limits.close();
    },
  };
}
