import { readFileSync } from 'node:fs';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../server/schema/index.js';
import { printedSchema } from '../../server/schema/print.js';

/** Every name the contract fixes, as `Type.field` (spot checks beyond the printed diff). */
const CONTRACT = [
  'Query.me',
  'Query.node',
  'Query.rooms',
  'Query.room',
  'Query.directory',
  'Query.devices',
  'Query.roomKeys',
  'Query.keyBackup',
  'Mutation.register',
  'Mutation.signIn',
  'Mutation.joinAnonymously',
  'Mutation.signInWithPortalToken',
  'Mutation.signOut',
  'Mutation.setUserRole',
  'Mutation.createRoom',
  'Mutation.joinRoom',
  'Mutation.leaveRoom',
  'Mutation.addRoomMember',
  'Mutation.removeRoomMember',
  'Mutation.startMentoringSession',
  'Mutation.sendMessage',
  'Mutation.editMessage',
  'Mutation.deleteMessage',
  'Mutation.setTyping',
  'Mutation.markRead',
  'Mutation.registerDevice',
  'Mutation.shareRoomKey',
  'Mutation.saveKeyBackup',
  'Subscription.messageAdded',
  'Subscription.messageChanged',
  'Subscription.typing',
  'Subscription.receipts',
  'User.id',
  'User.handle',
  'User.displayName',
  'User.role',
  'User.online',
  'AuthPayload.token',
  'AuthPayload.viewer',
  'Room.id',
  'Room.name',
  'Room.kind',
  'Room.encrypted',
  'Room.allowGuests',
  'Room.viewerIsMember',
  'Room.members',
  'Room.messages',
  'Room.unreadCount',
  'Room.lastMessage',
  'Message.id',
  'Message.room',
  'Message.author',
  'Message.seq',
  'Message.clientId',
  'Message.body',
  'Message.encrypted',
  'Message.createdAt',
  'Message.editedAt',
  'Message.deletedAt',
  'ReadReceipt.room',
  'ReadReceipt.user',
  'ReadReceipt.lastReadSeq',
  'ReadReceipt.readAt',
  'TypingEvent.room',
  'TypingEvent.user',
  'TypingEvent.typing',
  'Device.id',
  'Device.user',
  'Device.boxPublicKey',
  'Device.signPublicKey',
  'Device.createdAt',
  'EncryptedPayload.v',
  'EncryptedPayload.keyVersion',
  'EncryptedPayload.senderDeviceId',
  'EncryptedPayload.nonce',
  'EncryptedPayload.ciphertext',
  'EncryptedPayload.signature',
  'WrappedRoomKey.roomId',
  'WrappedRoomKey.keyVersion',
  'WrappedRoomKey.recipientDeviceId',
  'WrappedRoomKey.senderDeviceId',
  'WrappedRoomKey.nonce',
  'WrappedRoomKey.box',
  'KeyBackup.salt',
  'KeyBackup.iterations',
  'KeyBackup.nonce',
  'KeyBackup.ciphertext',
  'KeyBackup.updatedAt',
  'PageInfo.hasNextPage',
  'PageInfo.hasPreviousPage',
  'PageInfo.startCursor',
  'PageInfo.endCursor',
];

describe('schema.graphql', () => {
  it('is the printed Pothos schema (run `npm run schema` when this fails)', () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printedSchema());
  });

  it('holds every name of the API contract', () => {
    const missing = CONTRACT.filter((name) => {
      const [type, field] = name.split('.');
      const found = schema.getType(type);
      return !found || !(isObjectType(found) && field in found.getFields());
    });
    expect(missing).toEqual([]);
    for (const [type, kind] of [
      ['User', 'Node'],
      ['Room', 'Node'],
      ['Message', 'Node'],
    ] as const) {
      const found = schema.getType(type);
      expect(isObjectType(found) && found.getInterfaces().map((i) => i.name)).toContain(kind);
    }
  });

  it('describes every type, field, argument and enum value', () => {
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (!type.description) undocumented.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) undocumented.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) undocumented.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type))
        for (const v of type.getValues()) if (!v.description) undocumented.push(`${type.name}.${v.name}`);
    }
    expect(undocumented).toEqual([]);
  });
});
