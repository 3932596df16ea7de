import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin, { RequestCache } from '@pothos/plugin-scope-auth';
import { parse } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { toClientError } from '../../server/errors.js';
import { useReleaseRequestCaches } from '../../server/execution/request-caches.js';
import { useSharedSubscriptions } from '../../server/execution/use-shared-subscriptions.js';

// Pothos scope-auth keeps a cache per context in a module-wide WeakMap. Left there, it keeps each
// request alive through young-generation GCs (see server/execution/request-caches.ts), so the
// server releases it once an execution is done: after a query or mutation, and after each
// shared subscription event. A cache looked up again afterwards is a new one.

type Ctx = { user: string | null; services: { store: { getUsers: () => Promise<[]> } } };
const seen: { context: Ctx; cache: unknown }[] = [];

function guardedSchema() {
  const builder = new SchemaBuilder<{ Context: Ctx; AuthScopes: { signedIn: boolean } }>({
    plugins: [ScopeAuthPlugin],
    scopeAuth: { authScopes: (ctx) => ({ signedIn: Boolean(ctx.user) }) },
  });
  /** Notes the context a resolver ran on and its cache, then answers `value`. */
  const note = <T>(context: Ctx, value: T): T => {
    seen.push({ context, cache: RequestCache.fromContext(context, builder) });
    return value;
  };
  builder.queryType({
    fields: (t) => ({
      guarded: t.string({ authScopes: { signedIn: true }, resolve: (_root, _args, ctx) => note(ctx, 'ok') }),
    }),
  });
  builder.subscriptionType({
    fields: (t) => ({
      ticks: t.string({
        authScopes: { signedIn: true },
        subscribe: async function* () {
          yield 'one';
          yield 'two';
        },
        resolve: (event: string, _args, ctx) => note(ctx, event),
      }),
    }),
  });
  return { schema: builder.toSchema(), builder };
}

function yogaWith(plugins: Plugin[]) {
  const { schema, builder } = guardedSchema();
  const yoga = createYoga<object, Ctx>({
    schema,
    logging: false,
    context: () => ({ user: 'u1', services: { store: { getUsers: async () => [] as [] } } }),
    plugins,
  });
  return { yoga, builder };
}

const cacheNow = (builder: unknown, context: Ctx) => RequestCache.fromContext(context, builder as never);

describe('per-request caches', () => {
  it('are released after a query: a later look-up makes a new cache', async () => {
    seen.length = 0;
    const { yoga, builder } = yogaWith([useReleaseRequestCaches()]);
    const response = await yoga.fetch('http://x/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ guarded }' }),
    });
    expect(await response.json()).toEqual({ data: { guarded: 'ok' } });
    expect(seen).toHaveLength(1);
    expect(cacheNow(builder, seen[0].context)).not.toBe(seen[0].cache);
  });

  it('stay for the whole execution without the plugin (so the test above can tell)', async () => {
    seen.length = 0;
    const { yoga, builder } = yogaWith([]);
    await yoga.fetch('http://x/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ guarded }' }),
    });
    expect(seen).toHaveLength(1);
    expect(cacheNow(builder, seen[0].context)).toBe(seen[0].cache);
  });

  it('are released after each shared subscription event', async () => {
    seen.length = 0;
    const { yoga, builder } = yogaWith([
      useReleaseRequestCaches(),
      useSharedSubscriptions({ maskError: toClientError }),
    ]);
    const { subscribe, contextFactory, schema } = yoga.getEnveloped({});
    const contextValue = await contextFactory();
    const stream = (await subscribe({
      schema,
      document: parse('subscription { ticks }'),
      contextValue,
    })) as AsyncIterable<{
      data?: unknown;
    }>;
    const events: unknown[] = [];
    for await (const event of stream) events.push(event.data);
    expect(events).toEqual([{ ticks: 'one' }, { ticks: 'two' }]);
    expect(seen).toHaveLength(2);
    // Each event ran on a context of its own, whose cache is gone once the event was executed.
    expect(seen[0].context).not.toBe(seen[1].context);
    for (const { context, cache } of seen) expect(cacheNow(builder, context)).not.toBe(cache);
  });
});
