import type { ReactiveControllerHost } from 'lit';
import { type DeviceKeys, makeRoomKey, unwrapRoomKey, wrapRoomKey } from '../crypto/index.js';
import { RoomCryptoQuery, RoomKeysQuery, ShareRoomKeyMutation } from '../graphql/e2e.operations.js';
import { asChatError } from '../graphql/errors.js';
import type { Transport } from '../graphql/transport.js';
import type { ChatMessage, ChatUser } from '../state/types.js';
import type { Device, DeviceDirectory } from './e2e-devices.js';
import type { OwnDevice } from './e2e-own-device.js';

/** The signed-in person with this browser's device set up; null before and after. */
export interface SignedInDevice {
  transport: Transport;
  user: ChatUser;
  own: OwnDevice;
}

export interface RoomCrypto {
  encrypted: boolean;
  kind: string;
  keyVersion: number;
  members: string[];
  leads: Device[];
}

/** A room key wrapped for one of the devices held here, as `roomKeys` returns it. */
type WrappedFor = { keyVersion: number; senderDeviceId: string; nonce: string; box: string };

/**
 * The room keys this device holds, per room and key version: fetched from the keys wrapped
 * for it, made when this member should, and passed on to member devices that lack them.
 */
export class RoomKeyring {
  private readonly roomKeys = new Map<string, Map<number, Uint8Array>>();
  private readonly rooms = new Map<string, RoomCrypto>();
  /** (room, version, device) already wrapped by this device: not wrapped again. */
  private readonly sharedTo = new Set<string>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly directory: DeviceDirectory,
    private readonly signedIn: () => SignedInDevice | null,
  ) {}

  key(roomId: string, keyVersion: number): Uint8Array | undefined {
    return this.roomKeys.get(roomId)?.get(keyVersion);
  }

  /** Whether this device holds the current key of an encrypted room (known rooms only). */
  canWrite(roomId: string): boolean {
    const room = this.rooms.get(roomId);
    return Boolean(room && this.roomKeys.get(roomId)?.has(room.keyVersion));
  }

  /** See `E2eController.prepareRoom`; once this device is set up. */
  async prepare(
    roomId: string,
    messages: readonly ChatMessage[],
    share: boolean,
    make: boolean,
  ): Promise<RoomCrypto | null> {
    const active = this.signedIn();
    if (!active) return null;
    const { transport, user } = active;
    const { room } = await transport.query(RoomCryptoQuery, { id: roomId });
    if (!room) return null;
    const state: RoomCrypto = {
      encrypted: room.encrypted,
      kind: room.kind,
      keyVersion: room.keyVersion,
      members: room.members.edges.map((e) => e.node.id),
      leads: room.safeguardingDevices.map((d) => this.directory.remember(d)).filter((d): d is Device => d !== null),
    };
    this.rooms.set(roomId, state);
    if (!room.encrypted) return state;
    const memberDevices = (await Promise.all(state.members.map((id) => this.directory.load(id)))).flat();
    await this.fetch(roomId);
    const held = this.roomKeys.get(roomId) ?? new Map<number, Uint8Array>();
    this.roomKeys.set(roomId, held);
    const ownId = this.signedIn()?.own.id;
    const recipients = [...memberDevices, ...state.leads].filter((d) => d.id !== ownId);
    if (!held.has(state.keyVersion) && make && this.shouldMakeKey(state, messages, user.id)) {
      const key = makeRoomKey();
      const own = ownId === undefined ? undefined : this.directory.get(ownId);
      await this.share(roomId, state.keyVersion, key, own ? [own, ...recipients] : recipients, true).catch((error) => {
        // Another device made this version first (CONFLICT): its key is the one, fetched below.
        if (asChatError(error).code !== 'CONFLICT') throw error;
      });
      await this.fetch(roomId); // whatever the server kept for this device wins
    } else if (share) {
      for (const [version, key] of held) {
        const fresh = recipients.filter((d) => !this.sharedTo.has(`${roomId}|${version}|${d.id}`));
        await this.share(roomId, version, key, fresh).catch(() => {});
      }
    }
    this.host.requestUpdate();
    return state;
  }

  /**
   * A member makes the key of a version nobody has used yet: the first member in join
   * order (the mentor who started a session, the creator of a private room) while no
   * message of that version exists. Others wait for it. Two browsers of that member may
   * both make one: the server keeps the first and refuses the other with CONFLICT, and that
   * browser fetches the first one's key instead (a holder wraps it for it if it lacks one).
   */
  private shouldMakeKey(room: RoomCrypto, messages: readonly ChatMessage[], userId: string): boolean {
    return room.members[0] === userId && !messages.some((m) => m.encrypted?.keyVersion === room.keyVersion);
  }

  /** The keys wrapped for this device and, when held here, for the key backup's recovery device. */
  async fetch(roomId: string): Promise<void> {
    const active = this.signedIn();
    if (!active) return;
    const { transport, own } = active;
    const held = this.roomKeys.get(roomId) ?? new Map<number, Uint8Array>();
    const open = (wrappedKeys: readonly WrappedFor[], keys: DeviceKeys) => {
      for (const wrapped of wrappedKeys) {
        if (held.has(wrapped.keyVersion)) continue;
        const sender = this.directory.get(wrapped.senderDeviceId);
        const key = sender && unwrapRoomKey(wrapped, sender.box, keys.box.secretKey);
        if (key) held.set(wrapped.keyVersion, key);
      }
    };
    const { recovery } = own;
    open((await transport.query(RoomKeysQuery, { roomId, deviceId: own.id })).roomKeys, own.keys);
    if (recovery) {
      const wrapped = await transport.query(RoomKeysQuery, { roomId, deviceId: recovery.id }).catch(() => null);
      if (wrapped) open(wrapped.roomKeys, recovery.keys);
    }
    this.roomKeys.set(roomId, held);
  }

  /** Fetches again the keys of every encrypted room met so far (a recovery device was added). */
  async refetch(): Promise<void> {
    for (const [roomId, room] of this.rooms) if (room.encrypted) await this.fetch(roomId).catch(() => {});
  }

  /** Wraps `key` for each device and shares it; `newKey` when this device just made it. */
  private async share(
    roomId: string,
    keyVersion: number,
    key: Uint8Array,
    to: Device[],
    newKey = false,
  ): Promise<void> {
    const active = this.signedIn();
    if (!active || to.length === 0) return;
    const { transport, own } = active;
    const wrapped = to.map((d) => ({ recipientDeviceId: d.id, ...wrapRoomKey(key, d.box, own.keys.box.secretKey) }));
    await transport.mutate(ShareRoomKeyMutation, { roomId, keyVersion, senderDeviceId: own.id, wrapped, newKey });
    for (const d of to) this.sharedTo.add(`${roomId}|${keyVersion}|${d.id}`);
  }

  clear(): void {
    this.roomKeys.clear();
    this.rooms.clear();
    this.sharedTo.clear();
  }
}
