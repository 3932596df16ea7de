import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, guest } from '../utils/actors.js';
import { gqlFrom } from '../utils/from-address.js';
import { codeOf } from '../utils/graphql-client.js';
import { startTestServer, type TestServer } from '../utils/test-server.js';

const LIMITS = {
  HTTP_SESSION_RATE_PER_SECOND: '1',
  HTTP_SESSION_BURST: '5',
  HTTP_IP_RATE_PER_SECOND: '1',
  HTTP_IP_BURST: '8',
};
const ME = /* GraphQL */ 'query { me { id } }';

let server: TestServer;
let first: Actor;

beforeAll(async () => {
  server = await startTestServer(LIMITS);
  // Setting up calls from 127.0.0.1 (a few requests); the tests call from addresses of their own.
  first = await guest(server.url, 'First');
});
afterAll(async () => {
  await server.stop();
});

const meFrom = (address: string, actor?: Actor) => gqlFrom(address, server.url, ME, {}, actor?.token);

describe('HTTP requests per session and per address', () => {
  it('answers a session past its burst with 429 RATE_LIMITED and retryAfter, a second later', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => meFrom('127.0.0.61', first)));
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(1);
    expect(codeOf(refused[0])).toBe('RATE_LIMITED');
    expect(refused[0].errors?.[0].extensions?.retryAfter).toBe(1);
    // Held back: a client that never waits still gets one refusal a second per connection.
    expect(refused[0].ms).toBeGreaterThanOrEqual(990);
    for (const answer of answers.filter((a) => a.status === 200)) expect(answer.data?.me.id).toBe(first.id);
  });

  it("does not let one session spend its address's budget: the address's other sessions share the rest", async () => {
    const address = '127.0.0.65';
    const [one, two] = [await guest(server.url, 'One'), await guest(server.url, 'Two')];
    // Not awaiting the held-back refusal: the buckets must not refill (1 a second) meanwhile.
    const firsts = await Promise.all(Array.from({ length: 5 }, () => meFrom(address, one)));
    const overSession = meFrom(address, one);
    const seconds = await Promise.all(Array.from({ length: 4 }, () => meFrom(address, two)));
    expect(firsts.every((a) => a.status === 200)).toBe(true);
    expect((await overSession).status).toBe(429);
    // The session's refusal cost the address nothing: 3 of its 8 are left for the other session.
    expect(seconds.filter((a) => a.status === 200)).toHaveLength(3);
    expect(seconds.filter((a) => a.status === 429)).toHaveLength(1);
  });

  it('counts made-up tokens and signed-out calls against the address; other addresses are served meanwhile', async () => {
    const madeUp = (i: number) => ({ id: '', handle: '', token: `made-up-token-number-${i}-xxxxxxxx` });
    const [other, ...answers] = await Promise.all([
      meFrom('127.0.0.63'),
      ...Array.from({ length: 10 }, (_, i) => meFrom('127.0.0.62', madeUp(i))),
      meFrom('127.0.0.62'),
    ]);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(3);
    expect(other.status).toBe(200);
    expect(other.ms).toBeLessThan(500);
  });
});
