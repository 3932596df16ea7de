import { randomUUID } from 'node:crypto';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { log } from '../log.js';
import type { Metrics } from './metrics.js';

interface RequestInfo {
  requestId: string;
  start: number;
  operationName: string | null;
  codes: string[];
}

const infos = new WeakMap<Request, RequestInfo>();

// A caller's id is echoed into logs and headers: only a short, plain token is taken as it is.
const SAFE_ID = /^[\w.:-]{1,64}$/;

/** The request id of a GraphQL HTTP request (the caller's `x-request-id` when sane, else a new one). */
export function requestIdOf(request: Request): string {
  return infos.get(request)?.requestId ?? newId(request);
}

function newId(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given && SAFE_ID.test(given) ? given : randomUUID();
}

/** `query Foo`, `mutation Foo(...)`: the name only, never the document or its variables. */
function nameFromQuery(query: unknown): string | null {
  if (typeof query !== 'string') return null;
  return /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1] ?? null;
}

/**
 * One JSON log line per GraphQL HTTP request: requestId, operationName, duration, HTTP status and
 * the contract codes of any errors (also counted in metrics). Never the query text, variables,
 * headers or response body: that is where tokens, passwords and messages travel.
 * Must come after the contract-codes plugin, so the codes are the client's.
 */
export function useRequestLog(metrics: Metrics): Plugin {
  return {
    onRequest({ request }) {
      infos.set(request, { requestId: newId(request), start: performance.now(), operationName: null, codes: [] });
    },
    onParams({ params, request }) {
      const info = infos.get(request);
      if (info) info.operationName = params.operationName ?? nameFromQuery(params.query);
    },
    onResultProcess({ request, result }) {
      const info = infos.get(request);
      const results = (Array.isArray(result) ? result : [result]) as ExecutionResult[];
      for (const one of results) {
        if (!one || typeof one !== 'object' || !('errors' in one) || !one.errors) continue;
        metrics.countErrors(one.errors);
        for (const error of one.errors) info?.codes.push(String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
      }
    },
    onResponse({ request, response }) {
      const info = infos.get(request);
      if (!info) return;
      // Deleted, not left to the WeakMap: young-generation GC keeps such entries, and the
      // request with them (see execution/request-caches.ts).
      infos.delete(request);
      try {
        response.headers.set('x-request-id', info.requestId);
      } catch {
        // Some responses carry immutable headers; the log line still has the id.
      }
      log('info', 'graphql request', {
        requestId: info.requestId,
        method: request.method,
        operationName: info.operationName,
        status: response.status,
        durationMs: Math.round((performance.now() - info.start) * 10) / 10,
        ...(info.codes.length > 0 ? { errors: [...new Set(info.codes)] } : {}),
      });
    },
  };
}
