import { notFound } from '../errors.js';
import { builder } from '../schema/builder.js';
import { globalId, localId } from '../schema/ids.js';
import type { DeviceRecord, KeyBackupRecord, WrappedKeyRecord } from '../store/store.js';
import { UserRef } from '../users/users.schema.js';

export const DeviceRef = builder.objectRef<DeviceRecord>('Device').implement({
  description: "A user's browser or app, holding its own key pairs. Only public halves are here.",
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The device id.' }),
    user: t.field({
      type: UserRef,
      description: 'Its owner.',
      resolve: async (d, _args, ctx) =>
        (await ctx.services.store.getUser(d.userId)) ?? Promise.reject(notFound('User')),
    }),
    boxPublicKey: t.exposeString('boxPublicKey', { description: 'X25519 public key, base64 (32 bytes).' }),
    signPublicKey: t.exposeString('signPublicKey', { description: 'Ed25519 public key, base64 (32 bytes).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was registered.' }),
    removedAt: t.expose('removedAt', {
      type: 'DateTime',
      nullable: true,
      description:
        'When its owner removed it (removeDevice); null while in use. A removed device gets no keys and ' +
        'cannot send; its public keys stay, to check what it signed and open what it wrapped before.',
    }),
  }),
});

const WrappedRoomKeyRef = builder.objectRef<WrappedKeyRecord>('WrappedRoomKey').implement({
  description: 'A room key sealed for one device: nacl.box(roomKey, nonce, recipientBoxPublicKey, senderBoxSecretKey).',
  fields: (t) => ({
    roomId: t.id({ description: 'The room.', resolve: (k) => globalId('Room', k.roomId) }),
    keyVersion: t.exposeInt('keyVersion', { description: 'Room key version.' }),
    recipientDeviceId: t.exposeID('recipientDeviceId', { description: 'Device that can open it.' }),
    senderDeviceId: t.exposeID('senderDeviceId', { description: 'Device that sealed it.' }),
    nonce: t.exposeString('nonce', { description: 'base64, 24 bytes.' }),
    box: t.exposeString('box', { description: 'base64 box output (48 bytes).' }),
  }),
});

const KeyBackupRef = builder.objectRef<KeyBackupRecord>('KeyBackup').implement({
  description: "The caller's device keys, sealed in the browser with a passphrase the server never sees.",
  fields: (t) => ({
    salt: t.exposeString('salt', { description: 'PBKDF2 salt, base64.' }),
    iterations: t.exposeInt('iterations', { description: 'PBKDF2-SHA-256 iterations (at least 600,000).' }),
    nonce: t.exposeString('nonce', { description: 'secretbox nonce, base64.' }),
    ciphertext: t.exposeString('ciphertext', { description: 'secretbox output, base64.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it was last saved.' }),
  }),
});

const WrappedKeyInput = builder.inputType('WrappedKeyInput', {
  description: 'A room key wrapped for one recipient device.',
  fields: (t) => ({
    recipientDeviceId: t.id({ required: true, description: "A device of one of the room's members." }),
    nonce: t.string({ required: true, description: 'base64, 24 bytes.' }),
    box: t.string({ required: true, description: 'base64 box output (48 bytes).' }),
  }),
});

const KeyBackupInput = builder.inputType('KeyBackupInput', {
  description: 'A sealed key backup.',
  fields: (t) => ({
    salt: t.string({ required: true, description: 'base64, 16-64 bytes.' }),
    iterations: t.int({ required: true, description: 'At least 600,000.' }),
    nonce: t.string({ required: true, description: 'base64, 24 bytes.' }),
    ciphertext: t.string({ required: true, description: 'base64.' }),
  }),
});

const member = { member: true } as const;

builder.queryFields((t) => ({
  devices: t.field({
    type: [DeviceRef],
    description: "A user's devices in use: for the user, or anyone who shares a room with them.",
    authScopes: member,
    args: {
      userId: t.arg.id({ required: true, description: 'The user.' }),
      includeRemoved: t.arg.boolean({
        defaultValue: false,
        description:
          'Also list removed devices (with removedAt), to check old signatures and open keys they wrapped. ' +
          'Wrap new keys only for devices in use.',
      }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.e2e.devices(ctx.viewer!, localId(String(args.userId), 'User'), args.includeRemoved ?? false),
  }),
  roomKeys: t.field({
    type: [WrappedRoomKeyRef],
    description: "Room keys wrapped for one of the caller's own devices.",
    authScopes: { signedIn: true },
    args: {
      roomId: t.arg.id({ required: true, description: 'The room.' }),
      deviceId: t.arg.id({ required: true, description: "One of the caller's devices." }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.e2e.roomKeys(ctx.viewer!, localId(String(args.roomId), 'Room'), String(args.deviceId)),
  }),
  keyBackup: t.field({
    type: KeyBackupRef,
    nullable: true,
    description: "The caller's own sealed key backup, if any.",
    authScopes: member,
    resolve: (_root, _args, ctx) => ctx.services.e2e.keyBackup(ctx.viewer!),
  }),
}));

builder.mutationFields((t) => ({
  registerDevice: t.field({
    type: DeviceRef,
    description: "Registers this device's public keys (the same keys again return the same device).",
    authScopes: member,
    args: {
      boxPublicKey: t.arg.string({ required: true, description: 'X25519 public key, base64.' }),
      signPublicKey: t.arg.string({ required: true, description: 'Ed25519 public key, base64.' }),
    },
    resolve: (_root, args, ctx) => ctx.services.e2e.registerDevice(ctx.viewer!, args.boxPublicKey, args.signPublicKey),
  }),
  removeDevice: t.boolean({
    description:
      "Removes one of the caller's own devices (e.g. on sign-out): the room keys wrapped for it are deleted " +
      "and it gets no more. Another user's device answers NOT_FOUND, as a missing one does.",
    authScopes: { signedIn: true },
    args: { deviceId: t.arg.id({ required: true, description: "The device's id (Device.id)." }) },
    resolve: (_root, args, ctx) => ctx.services.e2e.removeDevice(ctx.viewer!, String(args.deviceId)),
  }),
  shareRoomKey: t.boolean({
    description:
      "Stores a room key wrapped for members' devices. Members only. A key version has one key: once a " +
      'device made it, only devices that hold it (or its maker) may share it; any other gets CONFLICT and ' +
      'should fetch it with roomKeys. A device that already holds the version keeps its key.',
    authScopes: { signedIn: true },
    args: {
      roomId: t.arg.id({ required: true, description: 'The room.' }),
      keyVersion: t.arg.int({ required: true, description: 'The key version.' }),
      senderDeviceId: t.arg.id({ required: true, description: "The caller's device that wrapped the keys." }),
      wrapped: t.arg({ type: [WrappedKeyInput], required: true, description: 'One entry per recipient device.' }),
      newKey: t.arg.boolean({
        defaultValue: false,
        description:
          'True when the sender made this key for this call rather than passing on one it holds: then ' +
          'CONFLICT while any device already holds a key of this version, the sender included (two ' +
          'devices making the same version at once: one wins, the other fetches its key).',
      }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.e2e.shareRoomKey(ctx.viewer!, {
        roomId: localId(String(args.roomId), 'Room'),
        keyVersion: args.keyVersion,
        senderDeviceId: String(args.senderDeviceId),
        wrapped: args.wrapped.map((w) => ({ ...w, recipientDeviceId: String(w.recipientDeviceId) })),
        newKey: args.newKey ?? false,
      }),
  }),
  saveKeyBackup: t.boolean({
    description: "Saves the caller's sealed key backup, replacing the previous one.",
    authScopes: member,
    args: { input: t.arg({ type: KeyBackupInput, required: true, description: 'The sealed backup.' }) },
    resolve: (_root, { input }, ctx) => ctx.services.e2e.saveKeyBackup(ctx.viewer!, input),
  }),
}));
