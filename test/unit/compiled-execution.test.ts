import { parse } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { AppError, toClientError } from '../../server/errors.js';
import { COMPILE_AFTER_USES, compilePolicy, useCompiledExecution } from '../../server/execution/compiled-execution.js';

// Repeated queries and mutations run on graphql-jit; one-off documents and subscriptions never do.

describe('compile policy', () => {
  it('compiles a document on its third use, and from then on', () => {
    const shouldCompile = compilePolicy();
    const document = parse('query Page { a }');
    const answers = Array.from({ length: 5 }, () => shouldCompile({ document }));
    expect(COMPILE_AFTER_USES).toBe(3);
    expect(answers).toEqual([false, false, true, true, true]);
  });

  it('counts each document on its own: many one-off documents are never compiled', () => {
    const shouldCompile = compilePolicy();
    const answers = Array.from({ length: 50 }, (_, i) => shouldCompile({ document: parse(`query Q${i} { a }`) }));
    expect(answers.every((compiled) => !compiled)).toBe(true);
  });

  it('never compiles a subscription (the shared executor runs its events)', () => {
    const shouldCompile = compilePolicy();
    const document = parse('subscription Ticks { ticks }');
    expect(Array.from({ length: 5 }, () => shouldCompile({ document })).some(Boolean)).toBe(false);
  });

  it('picks the operation by name in a document of several', () => {
    const shouldCompile = compilePolicy();
    const document = parse('query Q { a } subscription S { ticks }');
    const asSubscription = Array.from({ length: 4 }, () => shouldCompile({ document, operationName: 'S' }));
    expect(asSubscription.some(Boolean)).toBe(false);
  });
});

describe('useCompiledExecution', () => {
  it('runs the third execution compiled, with the same result', async () => {
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { greeting(name: String!): String!, fails: String, refuses: String }',
        resolvers: {
          Query: {
            greeting: (_root: unknown, args: { name: string }) => `hello ${args.name}`,
            fails: () => {
              throw new Error('SQLITE_CORRUPT: secret table layout');
            },
            refuses: () => {
              throw new AppError('FORBIDDEN', 'Your role does not allow that.');
            },
          },
        },
      }),
      logging: false,
      maskedErrors: { maskError: (error) => toClientError(error) },
      plugins: [useCompiledExecution()],
    });
    const { execute, contextFactory, schema } = yoga.getEnveloped({});
    const document = parse('query Hi($n: String!) {\n  greeting(name: $n)\n  fails\n    refuses\n}');
    const results = [];
    for (let i = 0; i < 4; i++) {
      results.push(
        await execute({ schema, document, variableValues: { n: 'Ada' }, contextValue: await contextFactory() }),
      );
    }
    // graphql-jit marks its results with a serializer of its own: only the compiled runs have one.
    expect(results.map((r) => typeof (r as { stringify?: unknown }).stringify === 'function')).toEqual([
      false,
      false,
      true,
      true,
    ]);
    const plain = results.map((r) => JSON.parse(JSON.stringify({ data: r.data, errors: r.errors })));
    for (const result of plain) expect(result).toEqual(plain[0]);
    // The same masked errors, codes and locations either way (the app's masking, as in app.ts).
    expect(plain[0].data).toEqual({ greeting: 'hello Ada', fails: null, refuses: null });
    expect(plain[0].errors).toEqual([
      {
        message: 'Something went wrong on our side. Please try again.',
        path: ['fails'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
      {
        message: 'Your role does not allow that.',
        locations: [{ line: 4, column: 5 }],
        path: ['refuses'],
        extensions: { code: 'FORBIDDEN' },
      },
    ]);
  });
});
