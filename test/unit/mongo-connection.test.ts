import { describe, expect, it } from 'vitest';
import { effectiveWriteConcern, openMongoStore } from '../../server/store/mongo/mongo-store.js';

// The driver parses a URI and the adapter's options without connecting: no server is needed
// (and port 1 never answers).
const URI = 'mongodb://127.0.0.1:1/mentor';

describe('the MongoDB adapter acknowledges only journaled majority writes', () => {
  it('asks for w: majority with the journal, and a bound on the wait', () => {
    expect(effectiveWriteConcern(URI)).toMatchObject({ w: 'majority', journal: true, wtimeoutMS: 10_000 });
  });

  it('keeps them when the URI asks for less acknowledgement (w=1)', () => {
    expect(effectiveWriteConcern(`${URI}?w=1`)).toMatchObject({ w: 'majority', journal: true });
  });

  it('refuses to open when the URI turns the journal off, before any connection is tried', async () => {
    // The driver lets journal=false in a URI win over the options given in code.
    expect(effectiveWriteConcern(`${URI}?journal=false`)?.journal).toBe(false);
    const started = performance.now();
    const opening = openMongoStore(`${URI}?journal=false`);
    await expect(opening).rejects.toThrow(/journal=false/);
    // The message never repeats the URI (it may carry credentials).
    await expect(opening).rejects.not.toThrow(/127\.0\.0\.1/);
    // Well under the 5 s server selection timeout: refused up front.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
