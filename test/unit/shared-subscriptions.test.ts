import { GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { AppError, toClientError } from '../../server/errors.js';
import { useSharedSubscriptions } from '../../server/execution/use-shared-subscriptions.js';

// The shared executor answers subscribe itself and masks errors once per execution, instead of
// Yoga's masking wrapping every subscriber's stream. What a subscriber receives must not change:
// the same events, masked the same way, through a Yoga with the plugin and one without.

type Event = { text?: string; fail?: 'unexpected' | 'refusal' };
const EVENTS: Event[] = [{ text: 'one' }, { fail: 'unexpected' }, { fail: 'refusal' }, { text: 'four' }];

function schemaWith(source: () => AsyncIterable<Event>) {
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        tick: {
          type: GraphQLString,
          args: { room: { type: GraphQLString } },
          subscribe: (_root, args: { room?: string }) => {
            if (args.room === 'missing') throw new AppError('NOT_FOUND', 'That room was not found.');
            if (args.room === 'broken') throw new Error('connection to db at 10.0.0.7 refused');
            return source();
          },
          resolve: (event: Event) => {
            if (event.fail === 'unexpected') throw new Error('SQLITE_CORRUPT: secret table layout');
            if (event.fail === 'refusal') throw new AppError('FORBIDDEN', 'You are not allowed to do that.');
            return event.text;
          },
        },
      },
    }),
  });
}

async function* events() {
  for (const event of EVENTS) yield event;
}
async function* failing() {
  yield EVENTS[0];
  throw new Error('redis at 10.0.0.8 went away');
}

/** Everything one subscriber receives, as JSON (what graphql-ws and SSE send), or the error it ends with. */
async function received(shared: boolean, query: string, source: () => AsyncIterable<Event> = events) {
  const logged: unknown[] = [];
  const plugins: Plugin[] = shared ? [useSharedSubscriptions({ maskError: toClientError })] : [];
  const yoga = createYoga({
    schema: schemaWith(source),
    logging: { debug() {}, info() {}, warn() {}, error: (error: unknown) => void logged.push(error) },
    maskedErrors: { maskError: (error) => toClientError(error) },
    plugins,
  });
  const { subscribe, contextFactory, schema } = yoga.getEnveloped({});
  const contextValue = { ...(await contextFactory()), services: { store: { getUsers: async () => [] } } };
  const result = await subscribe({ schema, document: parse(query), contextValue });
  const out: unknown[] = [];
  if (!(Symbol.asyncIterator in result)) return { out: [JSON.parse(JSON.stringify(result))], logged: logged.length };
  try {
    for await (const event of result) out.push(JSON.parse(JSON.stringify(event)));
  } catch (error) {
    out.push({ thrown: (error as Error).message });
  }
  return { out, logged: logged.length };
}

describe('shared subscriptions mask errors as Yoga does', () => {
  it.each([
    ['events, an unexpected resolver error and a refusal', 'subscription { tick }', events],
    ['a refusal on subscribe', 'subscription { tick(room: "missing") }', events],
    ['an unexpected error on subscribe', 'subscription { tick(room: "broken") }', events],
  ])('%s', async (_what, query, source) => {
    const [own, yogas] = await Promise.all([received(true, query, source), received(false, query, source)]);
    expect(own).toEqual(yogas);
    expect(JSON.stringify(own.out)).not.toMatch(/SQLITE|10\.0\.0|secret/);
  });

  it('masks the error a failing stream ends with (Yoga let its message through)', async () => {
    const [own, yogas] = await Promise.all([
      received(true, 'subscription { tick }', failing),
      received(false, 'subscription { tick }', failing),
    ]);
    expect(own.out).toEqual([
      { data: { tick: 'one' } },
      { thrown: 'Something went wrong on our side. Please try again.' },
    ]);
    expect(yogas.out[1]).toEqual({ thrown: 'redis at 10.0.0.8 went away' });
    expect(own.logged).toBe(1);
  });

  it('masks an unexpected error to the contract and logs the original once per execution', async () => {
    const { out, logged } = await received(true, 'subscription { tick }');
    expect(out[1]).toEqual({
      data: { tick: null },
      errors: [
        {
          message: 'Something went wrong on our side. Please try again.',
          path: ['tick'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ],
    });
    expect(out[2]).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    // The unexpected error and the refusal were both masked (new objects): both logged, as Yoga does.
    expect(logged).toBe(2);
  });
});
