import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { expect } from 'vitest';
import { globalId, type NodeType } from '../../server/schema/ids.js';
import { type GraphQLResponse, subscribe } from './graphql-client.js';

/** The only codes the contract lets a client see in `extensions.code`. */
export const CONTRACT_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'RATE_LIMITED',
  'CONFLICT',
  'INTERNAL_SERVER_ERROR',
] as const;

export type ContractCode = (typeof CONTRACT_CODES)[number];

export interface Refusal {
  code: string | undefined;
  message: string;
}

/** A well-formed global id of the given type that names nothing (the "missing id" to compare with). */
export const missingId = (type: NodeType) => globalId(type, randomUUID());

/**
 * What a leaked message would look like: a stack frame, SQL, a path on disk, a driver name.
 * Matched against every error message a test sees.
 */
const LEAKS: RegExp[] = [
  /\bSELECT\b|\bINSERT\b|\bUPDATE\s+\w+\s+SET\b|\bFROM\s+\w+\s+WHERE\b/i,
  /\bat \S+ \(|\bat file:|\bat async\b|\bat Object\./,
  /\/work\/|\/tmp\/|node_modules|\.ts:\d+|\.js:\d+/,
  /sqlite|better-sqlite|mongo|SQLITE_/i,
  /TypeError|ReferenceError|Cannot read propert/,
];

/** Asserts one error message carries nothing it must not (and none of `secrets`). */
export function expectNoLeak(message: string, secrets: string[] = []): void {
  for (const leak of LEAKS) expect(message, `error message leaks ${leak}`).not.toMatch(leak);
  for (const secret of secrets) expect(message, 'error message leaks another user data').not.toContain(secret);
}

/** The response's first error as { code, message }; fails the test when the call succeeded. */
export function refusalOf(response: GraphQLResponse, secrets: string[] = []): Refusal {
  expect(response.errors?.length, `expected an error, got ${JSON.stringify(response.data)}`).toBeGreaterThan(0);
  for (const error of response.errors ?? []) {
    expect(CONTRACT_CODES, `code of "${error.message}"`).toContain(error.extensions?.code);
    expect(error.extensions ?? {}, 'extensions carry no stack or exception').not.toHaveProperty('stacktrace');
    expect(error.extensions ?? {}).not.toHaveProperty('exception');
    expectNoLeak(error.message, secrets);
  }
  const [first] = response.errors ?? [];
  return { code: first?.extensions?.code, message: first?.message ?? '' };
}

/** Asserts a refusal with this contract code and a clean message; returns it for comparisons. */
export function expectRefused(response: GraphQLResponse, code: ContractCode, secrets: string[] = []): Refusal {
  const refusal = refusalOf(response, secrets);
  expect(refusal.code, `"${refusal.message}"`).toBe(code);
  return refusal;
}

/** Asserts a call succeeded, showing the server's error when it did not. */
export function expectOk<T>(response: GraphQLResponse<T>): T {
  expect(response.errors, 'unexpected error').toBeUndefined();
  expect(response.data).toBeTruthy();
  return response.data as T;
}

/**
 * Subscribes over graphql-ws and returns how the server refused: from a validation error
 * (the error sink) or from an execution result carrying errors. Fails if an event arrives
 * without errors, or if nothing arrives in time.
 */
export async function wsRefusal(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Refusal> {
  const sub = subscribe(client, query, variables);
  await sub.untilComplete(5000).catch(() => undefined);
  const errors = [
    ...(sub.events[0]?.errors ?? []),
    ...(Array.isArray(sub.error) ? (sub.error as GraphQLResponse['errors'] & {}) : []),
  ];
  sub.unsubscribe();
  expect(
    sub.events.filter((e) => !e.errors?.length),
    'no event should be delivered',
  ).toEqual([]);
  expect(errors.length, `expected a refusal, got ${JSON.stringify(sub.error ?? sub.events)}`).toBeGreaterThan(0);
  return refusalOf({ errors });
}

/** 'ok', or the contract code of a refusal that leaks none of `secrets`. */
export type Outcome = 'ok' | ContractCode;
export const outcomeOf = (response: GraphQLResponse, secrets: string[]): Outcome =>
  response.errors?.length ? (refusalOf(response, secrets).code as ContractCode) : 'ok';
