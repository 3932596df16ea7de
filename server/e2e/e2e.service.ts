import { canReceiveRoomKey } from '../auth/policy.js';
import type { Viewer } from '../context.js';
import { badInput, conflict, forbidden, notFound } from '../errors.js';
import { recordAudit } from '../moderation/audit-log.js';
import type { RoomsService } from '../rooms/rooms.service.js';
import { activeLeads } from '../safeguarding/review-access.js';
import { globalId } from '../schema/ids.js';
import {
  type DeviceRecord,
  type EncryptedPayloadRecord,
  type KeyBackupRecord,
  type RoomKeyShare,
  type RoomRecord,
  type Store,
  StoreConflictError,
  type UserRecord,
  type WrappedKeyRecord,
} from '../store/store.js';
import {
  BACKUP_BYTES,
  CIPHERTEXT_BYTES,
  checkBase64,
  KEY_BYTES,
  MIN_BACKUP_ITERATIONS,
  NONCE_BYTES,
  SIGNATURE_BYTES,
  signatureVerifies,
  WRAPPED_KEY_BYTES,
} from './payload-rules.js';

/** Devices in use (not removed) per user. */
export const MAX_DEVICES_PER_USER = 20;
const MAX_WRAPPED_PER_CALL = 500;

export interface ShareRoomKeyInput {
  roomId: string | null;
  keyVersion: number;
  senderDeviceId: string;
  wrapped: { recipientDeviceId: string; nonce: string; box: string }[];
  /** The sender made this key for this call: refused while any device holds the version. */
  newKey?: boolean;
}

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
    if (same?.removedAt) {
      throw badInput('These keys belong to a device that was removed: make new keys for this device.', 'boxPublicKey');
    }
    if (same) return same;
    // The store counts and inserts in one atomic step: concurrent registrations cannot pass the cap.
    const device = await this.store.createDevice(
      { userId: viewer.user.id, boxPublicKey, signPublicKey },
      MAX_DEVICES_PER_USER,
    );
    if (!device) {
      throw badInput(
        `At most ${MAX_DEVICES_PER_USER} devices per user may hold encryption keys: ` +
          'remove one you no longer use (removeDevice, or sign out of the chat there), then try again.',
      );
    }
    return device;
  }

  /**
   * Removes one of the caller's own devices: the keys wrapped for it are deleted and it gets
   * no more. Its public keys stay listed with `includeRemoved`, so messages it signed still
   * verify and keys it wrapped still open. Another user's device and a missing id answer
   * NOT_FOUND alike; removing a removed device again changes nothing. Staff removals are audited.
   */
  async removeDevice(viewer: Viewer, deviceId: string): Promise<boolean> {
    const device = await this.store.getDevice(deviceId);
    if (!device || device.userId !== viewer.user.id) throw notFound('Device');
    if (device.removedAt) return true;
    if (!(await this.store.removeDevice(device.id, new Date()))) throw notFound('Device');
    if (viewer.user.role === 'MENTOR' || viewer.user.role === 'ADMIN') {
      await recordAudit(this.store, 'DEVICE_REMOVE', {
        actorId: viewer.user.id,
        targetUserId: viewer.user.id,
        details: { deviceId: device.id, safeguardingLead: viewer.user.safeguardingLead },
      });
    }
    return true;
  }

  /**
   * A user's devices: for the user, anyone who shares a room with them, and the safeguarding
   * lead for the participants of a session they opened for review (to check signatures).
   * Anyone else gets NOT_FOUND, as for a missing user.
   */
  async devices(viewer: Viewer, userId: string | null, includeRemoved = false): Promise<DeviceRecord[]> {
    if (!userId || !(await this.mayListDevices(viewer, userId))) throw notFound('User');
    const devices = await this.store.listDevices(userId);
    return includeRemoved ? devices : devices.filter(inUse);
  }

  /** Keys wrapped for one of the caller's own devices, in a room the caller may read. */
  async roomKeys(viewer: Viewer, roomId: string | null, deviceId: string): Promise<WrappedKeyRecord[]> {
    const room = await this.rooms.requireReader(viewer, roomId);
    await this.ownDevice(viewer, deviceId, 'deviceId');
    return this.store.listWrappedKeys(room.id, deviceId);
  }

  /**
   * Stores a room key wrapped for recipient devices. Members only; recipients are devices of
   * members (and of the safeguarding leads in SESSION rooms). A key already stored for a
   * (version, device) is kept: a later share can add recipients, never swap a key under one.
   * A version has one key: once a device made it, only devices that hold it (or its maker)
   * may share it, and any other is refused with CONFLICT, storing nothing; so is a `newKey`
   * while any device holds the version. The store decides, atomically, so two devices making
   * the same version at once cannot both succeed.
   */
  async shareRoomKey(viewer: Viewer, input: ShareRoomKeyInput): Promise<boolean> {
    const room = await this.rooms.requireMember(viewer, input.roomId);
    if (!room.encrypted) throw badInput('This room is not end-to-end encrypted.', 'roomId');
    if (input.keyVersion < 1 || input.keyVersion > room.keyVersion)
      throw badInput('Unknown key version for this room.', 'keyVersion');
    await this.ownDevice(viewer, input.senderDeviceId, 'senderDeviceId');
    if (input.wrapped.length < 1 || input.wrapped.length > MAX_WRAPPED_PER_CALL) {
      throw badInput(`Share 1 to ${MAX_WRAPPED_PER_CALL} wrapped keys at a time.`, 'wrapped');
    }
    const recipients = new Map<string, RoomKeyShare['wrapped'][number]>();
    const owners = new Map<string, boolean>();
    for (const w of input.wrapped) {
      checkBase64(w.nonce, 'nonce', NONCE_BYTES);
      checkBase64(w.box, 'box', WRAPPED_KEY_BYTES);
      const device = await this.store.getDevice(w.recipientDeviceId);
      if (!device || !(await this.mayReceive(room, device.userId, owners))) {
        throw badInput('Room keys can only be shared with devices of the room members.', 'recipientDeviceId');
      }
      // A device removed since the sharer listed it gets nothing; the rest of the call stands.
      if (device.removedAt || recipients.has(device.id)) continue;
      recipients.set(device.id, { recipientDeviceId: device.id, nonce: w.nonce, box: w.box });
    }
    try {
      // Recipients that already hold this version keep their key (the store never replaces one).
      await this.store.shareRoomKey({
        roomId: room.id,
        keyVersion: input.keyVersion,
        senderDeviceId: input.senderDeviceId,
        wrapped: [...recipients.values()],
        newKey: input.newKey ?? false,
      });
    } catch (error) {
      if (!(error instanceof StoreConflictError && error.constraint === 'roomId,keyVersion')) throw error;
      throw conflict(
        `Key version ${input.keyVersion} of this room was already made on another device: fetch it with ` +
          "roomKeys instead of making a new one (a member's device that holds it shares it with yours).",
      );
    }
    return true;
  }

  /** The checks for sendMessage in an encrypted room: bytes, sender device, signature, key version. */
  async checkPayload(
    viewer: Viewer,
    room: RoomRecord,
    payload: EncryptedPayloadRecord,
  ): Promise<EncryptedPayloadRecord> {
    if (payload.v !== 1) throw badInput('Unsupported encrypted payload version.', 'encrypted.v');
    checkBase64(payload.nonce, 'nonce', NONCE_BYTES);
    checkBase64(payload.signature, 'signature', SIGNATURE_BYTES);
    checkBase64(payload.ciphertext, 'ciphertext', CIPHERTEXT_BYTES);
    const device = await this.ownDevice(viewer, payload.senderDeviceId, 'senderDeviceId');
    if (payload.keyVersion !== room.keyVersion) {
      throw badInput('This room has a newer key: fetch or share the current room key, then send again.', 'keyVersion');
    }
    // Checked here too, so a stored payload that fails its signature later was altered at rest.
    if (!signatureVerifies(globalId('Room', room.id), payload, device.signPublicKey)) {
      throw badInput("The signature does not match this room, key version and the device's key.", 'signature');
    }
    const keys = await this.store.listWrappedKeys(room.id, payload.senderDeviceId);
    if (!keys.some((k) => k.keyVersion === room.keyVersion)) {
      throw badInput('The current room key has not been shared with this device yet.', 'keyVersion');
    }
    if (room.kind === 'SESSION') await this.requireLeadsHoldKey(room);
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

  /** The devices of the safeguarding leads, for wrapping a SESSION room's key (empty when none is marked). */
  async leadDevices(): Promise<DeviceRecord[]> {
    const leads = await activeLeads(this.store);
    return (await Promise.all(leads.map((lead) => this.store.listDevices(lead.id)))).flat().filter(inUse);
  }

  private async ownDevice(viewer: Viewer, deviceId: string, field: string): Promise<DeviceRecord> {
    const device = await this.store.getDevice(deviceId);
    if (!device || device.userId !== viewer.user.id) throw badInput('That device is not one of yours.', field);
    if (device.removedAt) throw badInput('That device was removed: register new keys for this device.', field);
    return device;
  }

  private async mayReceive(room: RoomRecord, userId: string, cache: Map<string, boolean>): Promise<boolean> {
    const known = cache.get(userId);
    if (known !== undefined) return known;
    const user: UserRecord | null = await this.store.getUser(userId);
    const allowed = user !== null && canReceiveRoomKey(user, room, await this.store.isMember(room.id, userId));
    cache.set(userId, allowed);
    return allowed;
  }

  /**
   * With review enabled, a session's messages must stay readable by the lead once they open it:
   * each lead with a registered device must hold the current key on at least one of them. (The
   * server cannot look inside the box; an honest client wraps for every lead device.)
   */
  private async requireLeadsHoldKey(room: RoomRecord): Promise<void> {
    for (const lead of await activeLeads(this.store)) {
      const devices = (await this.store.listDevices(lead.id)).filter(inUse);
      if (devices.length === 0) continue;
      const held = await Promise.all(devices.map((d) => this.store.listWrappedKeys(room.id, d.id)));
      if (!held.some((keys) => keys.some((k) => k.keyVersion === room.keyVersion))) {
        throw badInput(
          "The current session key has not been shared with the school's safeguarding lead yet: " +
            'wrap it for Room.safeguardingDevices, then send again.',
          'keyVersion',
        );
      }
    }
  }

  private async mayListDevices(viewer: Viewer, userId: string): Promise<boolean> {
    if (userId === viewer.user.id) return true;
    const [mine, theirs] = await Promise.all([
      this.store.listMemberRoomIds(viewer.user.id),
      this.store.listMemberRoomIds(userId),
    ]);
    const shared = new Set(mine);
    if (theirs.some((roomId) => shared.has(roomId))) return true;
    if (!viewer.user.safeguardingLead) return false;
    for (const roomId of theirs) if (await this.rooms.reviewed(viewer, roomId)) return true;
    return false;
  }
}

const inUse = (device: DeviceRecord) => device.removedAt === null;
