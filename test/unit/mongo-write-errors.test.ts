import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { duplicateKeyFields, isDuplicateKey } from '../../server/store/mongo/write-errors.js';

// The driver's own error classes, built from server replies of the shapes MongoDB sends.
const { MongoServerError, MongoWriteConcernError } = mongoose.mongo;
const DUPLICATE_CLAIM = {
  index: 0,
  code: 11000,
  errmsg: 'E11000 duplicate key error collection: mentor.appendClaims index: roomId_1_authorId_1_clientId_1 dup key',
  keyPattern: { roomId: 1, authorId: 1, clientId: 1 },
};

describe('duplicate keys in MongoDB write errors', () => {
  it('names the fields of the unique index a write ran into', () => {
    const error = new MongoServerError({ ...DUPLICATE_CLAIM, message: DUPLICATE_CLAIM.errmsg });
    expect(duplicateKeyFields(error)).toEqual(['roomId', 'authorId', 'clientId']);
    expect(isDuplicateKey(error, 'clientId')).toBe(true);
    expect(isDuplicateKey(error, 'handle')).toBe(false);
  });

  it('finds the duplicate key under a write concern that failed after the server refused the write', () => {
    const error = new MongoWriteConcernError({
      ok: 1,
      n: 0,
      writeErrors: [DUPLICATE_CLAIM],
      writeConcernError: { code: 64, codeName: 'WriteConcernFailed', errmsg: 'waiting for replication timed out' },
    });
    expect(error.code).toBe(64);
    expect(duplicateKeyFields(error)).toEqual(['roomId', 'authorId', 'clientId']);
    // An older server's entry names only the index, in `errmsg`.
    const { keyPattern: _, ...withoutPattern } = DUPLICATE_CLAIM;
    const older = new MongoWriteConcernError({
      ok: 1,
      n: 0,
      writeErrors: [withoutPattern],
      writeConcernError: { code: 64, codeName: 'WriteConcernFailed', errmsg: 'waiting for replication timed out' },
    });
    expect(duplicateKeyFields(older)).toEqual(['roomId', 'authorId', 'clientId']);
  });

  it('is not fooled by other errors', () => {
    const timeout = new MongoWriteConcernError({
      ok: 1,
      n: 1,
      writeConcernError: { code: 64, codeName: 'WriteConcernFailed', errmsg: 'waiting for replication timed out' },
    });
    expect(duplicateKeyFields(timeout)).toBeNull();
    expect(duplicateKeyFields(new Error('E11000 in a message alone'))).toBeNull();
    expect(duplicateKeyFields(null)).toBeNull();
  });
});
