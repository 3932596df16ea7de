import type { Viewer } from '../context.js';
import { badInput, forbidden, notFound } from '../errors.js';
import type { RoomsService } from '../rooms/rooms.service.js';
import type {
  DeviceRecord,
  EncryptedPayloadRecord,
  KeyBackupRecord,
  RoomRecord,
  Store,
  WrappedKeyRecord,
} from '../store/store.js';
import {
  BACKUP_BYTES,
  CIPHERTEXT_BYTES,
  checkBase64,
  KEY_BYTES,
  MIN_BACKUP_ITERATIONS,
  NONCE_BYTES,
  SIGNATURE_BYTES,
  WRAPPED_KEY_BYTES,
} from './payload-rules.js';

const MAX_DEVICES_PER_USER = 20;
const MAX_WRAPPED_PER_CALL = 500;

/** Public keys and sealed blobs only: the server can check shapes and rights, never read. */
export class E2eService {
  constructor(
    private readonly store: Store,
    private readonly rooms: RoomsService,
  ) {}

  async registerDevice(viewer: Viewer, boxPublicKey: string, signPublicKey: string): Promise<DeviceRecord> {
    if (viewer.user.role === 'GUEST') throw forbidden('Guests do not take part in encrypted rooms.');
    checkBase64(boxPublicKey, 'boxPublicKey', KEY_BYTES);
    checkBase64(signPublicKey, 'signPublicKey', KEY_BYTES);
    const existing = await this.store.listDevices(viewer.user.id);
    const same = existing.find((d) => d.boxPublicKey === boxPublicKey && d.signPublicKey === signPublicKey);
    if (same) return same;
    if (existing.length >= MAX_DEVICES_PER_USER) throw badInput(`At most ${MAX_DEVICES_PER_USER} devices per user.`);
    return this.store.createDevice({ userId: viewer.user.id, boxPublicKey, signPublicKey });
  }

  /** A user's devices: for the user, or for anyone who shares a room with them. */
  async devices(viewer: Viewer, userId: string | null): Promise<DeviceRecord[]> {
    if (!userId) throw notFound('User');
    if (userId !== viewer.user.id && !(await this.sharesRoom(viewer.user.id, userId))) throw notFound('User');
    return this.store.listDevices(userId);
  }

  async roomKeys(viewer: Viewer, roomId: string | null, deviceId: string): Promise<WrappedKeyRecord[]> {
    const room = await this.rooms.requireMember(viewer, roomId);
    await this.ownDevice(viewer, deviceId, 'deviceId');
    return this.store.listWrappedKeys(room.id, deviceId);
  }

  async shareRoomKey(
    viewer: Viewer,
    input: {
      roomId: string | null;
      keyVersion: number;
      senderDeviceId: string;
      wrapped: { recipientDeviceId: string; nonce: string; box: string }[];
    },
  ): Promise<boolean> {
    const room = await this.rooms.requireMember(viewer, input.roomId);
    if (!room.encrypted) throw badInput('This room is not end-to-end encrypted.', 'roomId');
    if (input.keyVersion < 1 || input.keyVersion > room.keyVersion)
      throw badInput('Unknown key version for this room.', 'keyVersion');
    await this.ownDevice(viewer, input.senderDeviceId, 'senderDeviceId');
    if (input.wrapped.length < 1 || input.wrapped.length > MAX_WRAPPED_PER_CALL) {
      throw badInput(`Share 1 to ${MAX_WRAPPED_PER_CALL} wrapped keys at a time.`, 'wrapped');
    }
    const records: WrappedKeyRecord[] = [];
    for (const w of input.wrapped) {
      checkBase64(w.nonce, 'nonce', NONCE_BYTES);
      checkBase64(w.box, 'box', WRAPPED_KEY_BYTES);
      const device = await this.store.getDevice(w.recipientDeviceId);
      if (!device || !(await this.store.isMember(room.id, device.userId))) {
        throw badInput('Room keys can only be shared with devices of the room members.', 'recipientDeviceId');
      }
      records.push({
        roomId: room.id,
        keyVersion: input.keyVersion,
        recipientDeviceId: device.id,
        senderDeviceId: input.senderDeviceId,
        nonce: w.nonce,
        box: w.box,
      });
    }
    await this.store.putWrappedKeys(records);
    return true;
  }

  /** The byte-level and key-version checks for sendMessage in an encrypted room. */
  async checkPayload(
    viewer: Viewer,
    room: RoomRecord,
    payload: EncryptedPayloadRecord,
  ): Promise<EncryptedPayloadRecord> {
    if (payload.v !== 1) throw badInput('Unsupported encrypted payload version.', 'encrypted.v');
    checkBase64(payload.nonce, 'nonce', NONCE_BYTES);
    checkBase64(payload.signature, 'signature', SIGNATURE_BYTES);
    checkBase64(payload.ciphertext, 'ciphertext', CIPHERTEXT_BYTES);
    await this.ownDevice(viewer, payload.senderDeviceId, 'senderDeviceId');
    if (payload.keyVersion !== room.keyVersion) {
      throw badInput('This room has a newer key: fetch or share the current room key, then send again.', 'keyVersion');
    }
    const keys = await this.store.listWrappedKeys(room.id, payload.senderDeviceId);
    if (!keys.some((k) => k.keyVersion === room.keyVersion)) {
      throw badInput('The current room key has not been shared with this device yet.', 'keyVersion');
    }
    return {
      v: 1,
      keyVersion: payload.keyVersion,
      senderDeviceId: payload.senderDeviceId,
      nonce: payload.nonce,
      ciphertext: payload.ciphertext,
      signature: payload.signature,
    };
  }

  async saveKeyBackup(viewer: Viewer, input: Omit<KeyBackupRecord, 'userId' | 'updatedAt'>): Promise<boolean> {
    if (viewer.user.role === 'GUEST') throw forbidden('Guests do not take part in encrypted rooms.');
    checkBase64(input.salt, 'salt', { min: 16, max: 64 });
    checkBase64(input.nonce, 'nonce', NONCE_BYTES);
    checkBase64(input.ciphertext, 'ciphertext', BACKUP_BYTES);
    if (
      !Number.isInteger(input.iterations) ||
      input.iterations < MIN_BACKUP_ITERATIONS ||
      input.iterations > 10_000_000
    ) {
      throw badInput(`iterations must be at least ${MIN_BACKUP_ITERATIONS}.`, 'iterations');
    }
    await this.store.putKeyBackup({ ...input, userId: viewer.user.id, updatedAt: new Date() });
    return true;
  }

  keyBackup(viewer: Viewer): Promise<KeyBackupRecord | null> {
    return this.store.getKeyBackup(viewer.user.id);
  }

  private async ownDevice(viewer: Viewer, deviceId: string, field: string): Promise<DeviceRecord> {
    const device = await this.store.getDevice(deviceId);
    if (!device || device.userId !== viewer.user.id) throw badInput('That device is not one of yours.', field);
    return device;
  }

  private async sharesRoom(userId: string, otherId: string): Promise<boolean> {
    for (const room of await this.store.listVisibleRooms(userId)) {
      if ((await this.store.isMember(room.id, userId)) && (await this.store.isMember(room.id, otherId))) return true;
    }
    return false;
  }
}
