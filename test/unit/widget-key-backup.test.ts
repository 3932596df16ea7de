import { describe, expect, it } from 'vitest';
import {
  decodeBackupContents,
  encodeBackupContents,
  encodeBase64,
  exportPublicDeviceKeys,
  makeDeviceKeys,
  openKeyBackup,
  sealKeyBackup,
  serializeDeviceKeys,
} from '../../widget/crypto/index.js';
import {
  MIN_PASSPHRASE_CHARS,
  newPassphraseProblem,
  restorePassphraseProblem,
} from '../../widget/state/backup-passphrase.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const contents = (fields: Record<string, unknown>) => utf8(JSON.stringify(fields));

describe('backup contents (what the sealed key backup holds)', () => {
  it("round-trips the recovery device's id and keys, public halves derived again", () => {
    const keys = makeDeviceKeys();
    const decoded = decodeBackupContents(encodeBackupContents({ deviceId: 'device-7', keys }));
    expect(decoded?.deviceId).toBe('device-7');
    expect(exportPublicDeviceKeys(decoded!.keys)).toEqual(exportPublicDeviceKeys(keys));
    expect(decoded!.keys.box.secretKey).toEqual(keys.box.secretKey);
    expect(decoded!.keys.sign.secretKey).toEqual(keys.sign.secretKey);
  });

  it('is versioned UTF-8 JSON with the serialized keys in base64', () => {
    const keys = makeDeviceKeys();
    const text = new TextDecoder().decode(encodeBackupContents({ deviceId: 'd', keys }));
    expect(JSON.parse(text)).toEqual({
      format: 'mentor-chat/key-backup/v1',
      deviceId: 'd',
      keys: encodeBase64(serializeDeviceKeys(keys)),
    });
  });

  it('refuses anything else, never throwing', () => {
    const keys = encodeBase64(serializeDeviceKeys(makeDeviceKeys()));
    const format = 'mentor-chat/key-backup/v1';
    for (const bad of [
      new Uint8Array([0xff, 0xfe]),
      utf8('not json'),
      utf8('null'),
      utf8('[]'),
      contents({ format: 'mentor-chat/key-backup/v2', deviceId: 'd', keys }),
      contents({ format, deviceId: '', keys }),
      contents({ format, deviceId: 7, keys }),
      contents({ format, deviceId: 'x'.repeat(201), keys }),
      contents({ format, deviceId: 'd', keys: keys.slice(4) }),
      contents({ format, deviceId: 'd', keys: `${keys} ` }),
      contents({ format, deviceId: 'd', keys: encodeBase64(new Uint8Array(65)) }), // format byte 0
      contents({ format, deviceId: 'd' }),
    ]) {
      expect(decodeBackupContents(bad)).toBeNull();
    }
  });

  it('sealed with a passphrase: the right one opens it, a wrong one gives null', async () => {
    const keys = makeDeviceKeys();
    const sealed = await sealKeyBackup(encodeBackupContents({ deviceId: 'rec', keys }), 'correct horse battery');
    expect(await openKeyBackup(sealed, 'correct horse batterY')).toBeNull();
    const opened = await openKeyBackup(sealed, 'correct horse battery');
    expect(decodeBackupContents(opened!)?.deviceId).toBe('rec');
  });
});

describe('backup passphrase rules', () => {
  const long = 'maple river lantern';

  it(`asks for at least ${MIN_PASSPHRASE_CHARS} characters, counted as characters`, () => {
    expect(MIN_PASSPHRASE_CHARS).toBe(12);
    expect(newPassphraseProblem('', '')).toMatch(/Choose a passphrase/);
    expect(newPassphraseProblem('            ', '            ')).toMatch(/Choose a passphrase/);
    expect(newPassphraseProblem('short words', 'short words')).toMatch(/at least 12 characters/);
    // 11 emoji are 22 UTF-16 units but 11 characters: still too short.
    const emoji = '🔑'.repeat(11);
    expect(newPassphraseProblem(emoji, emoji)).toMatch(/at least 12 characters/);
    expect(newPassphraseProblem('🔑'.repeat(12), '🔑'.repeat(12))).toBeNull();
  });

  it('asks for the same passphrase twice', () => {
    expect(newPassphraseProblem(long, `${long} `)).toMatch(/do not match/);
    expect(newPassphraseProblem(long, '')).toMatch(/do not match/);
    expect(newPassphraseProblem(long, long)).toBeNull();
  });

  it('a restore needs something to try', () => {
    expect(restorePassphraseProblem('')).toMatch(/Enter the passphrase/);
    expect(restorePassphraseProblem('anything')).toBeNull();
  });
});
