import type { ReactiveControllerHost } from 'lit';
import {
  type DeviceKeys,
  deserializeDeviceKeys,
  type EncryptedPayload,
  exportPublicDeviceKeys,
  importPublicDeviceKeys,
  makeDeviceKeys,
  makeRoomKey,
  openMessage,
  sealMessage,
  serializeDeviceKeys,
  unwrapRoomKey,
  wrapRoomKey,
} from '../crypto/index.js';
import {
  DevicesQuery,
  RegisterDeviceMutation,
  RoomCryptoQuery,
  RoomKeysQuery,
  ShareRoomKeyMutation,
} from '../graphql/e2e.operations.js';
import { ChatError } from '../graphql/errors.js';
import type { DeviceFieldsFragment } from '../graphql/generated/graphql.js';
import type { Transport } from '../graphql/transport.js';
import { forgetAllDevices, loadDevice, saveDevice } from '../state/key-store.js';
import type { ChatMessage, ChatUser } from '../state/types.js';
import type { SessionController } from './session.controller.js';

interface Device {
  id: string;
  userId: string;
  box: Uint8Array;
  sign: Uint8Array;
}

interface RoomCrypto {
  encrypted: boolean;
  kind: string;
  keyVersion: number;
  members: string[];
  leads: Device[];
}

/** What the log shows for a message: its text, or a calm notice in its place. */
export type Shown = { text: string } | { note: string };

export const WAITING_KEY = 'Waiting for the key to this conversation';
export const NOT_VERIFIED = 'This message could not be verified';
const WATCH_MS = 3_000;
const NO_DEVICE = 'End-to-end encryption is not available on this device right now.';

/**
 * End-to-end encryption in the browser: this device's keys (IndexedDB, registered on
 * first sign-in), the room keys wrapped for it, sealing before sending and opening on
 * display. The crypto itself is `widget/crypto/`.
 */
export class E2eController {
  deviceId: string | null = null;
  private keys: DeviceKeys | null = null;
  private transport: Transport | null = null;
  private user: ChatUser | null = null;
  private ready: Promise<boolean> = Promise.resolve(false);
  private readonly devices = new Map<string, Device>();
  private readonly userDevices = new Map<string, Device[]>();
  private readonly roomKeys = new Map<string, Map<number, Uint8Array>>();
  private readonly rooms = new Map<string, RoomCrypto>();
  private readonly shown = new Map<string, Shown>();
  private readonly asked = new Map<string, number>();
  /** (room, version, device) already wrapped by this device: not wrapped again. */
  private readonly sharedTo = new Set<string>();
  private watchTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    session: SessionController,
    private readonly scope: () => string,
  ) {
    session.events.on('signed-in', (user, transport) => this.start(user, transport));
    session.events.on('signed-out', () => {
      this.reset();
      void forgetAllDevices();
    });
  }

  private reset(): void {
    this.transport = null;
    this.user = null;
    this.keys = null;
    this.deviceId = null;
    this.ready = Promise.resolve(false);
    for (const map of [this.devices, this.userDevices, this.roomKeys, this.rooms, this.shown]) map.clear();
    this.asked.clear();
    this.sharedTo.clear();
    this.watch(null);
  }

  /**
   * While an encrypted room is open, checks it every few seconds: picks up a key shared
   * since (or a new key version), and wraps the keys held here for member devices that
   * appeared since (a member's new device gets them from any online member device).
   */
  watch(roomId: string | null, messages: () => readonly ChatMessage[] = () => []): void {
    clearInterval(this.watchTimer);
    this.watchTimer = undefined;
    if (!roomId) return;
    void this.prepareRoom(roomId, messages()).catch(() => {});
    this.watchTimer = setInterval(() => void this.prepareRoom(roomId, messages()).catch(() => {}), WATCH_MS);
  }

  private start(user: ChatUser, transport: Transport): void {
    if (this.user?.id === user.id && this.transport === transport) return;
    this.reset();
    this.user = user;
    this.transport = transport;
    if (user.role !== 'GUEST') this.ready = this.setUp(user, transport).catch(() => false);
  }

  /** Loads this device's keys, or makes them on first sign-in here, and registers the public halves. */
  private async setUp(user: ChatUser, transport: Transport): Promise<boolean> {
    const slot = `${this.scope()}|${user.id}`;
    const stored = await loadDevice(slot);
    const keys = (stored && deserializeDeviceKeys(stored.secret)) || makeDeviceKeys();
    const { registerDevice } = await transport.mutate(RegisterDeviceMutation, exportPublicDeviceKeys(keys));
    if (transport !== this.transport) return false;
    if (stored?.deviceId !== registerDevice.id) {
      await saveDevice(slot, { deviceId: registerDevice.id, secret: serializeDeviceKeys(keys) });
    }
    this.keys = keys;
    this.deviceId = registerDevice.id;
    this.remember(registerDevice);
    return true;
  }

  private remember(d: DeviceFieldsFragment): Device | null {
    const pub = importPublicDeviceKeys(d);
    if (!pub) return null;
    const device = { id: d.id, userId: d.user.id, box: pub.boxPublicKey, sign: pub.signPublicKey };
    this.devices.set(d.id, device);
    return device;
  }

  private async loadDevices(userId: string): Promise<Device[]> {
    const transport = this.transport;
    if (!transport) return [];
    const { devices } = await transport.query(DevicesQuery, { userId });
    const list = devices.map((d) => this.remember(d)).filter((d): d is Device => d !== null);
    this.userDevices.set(userId, list);
    return list;
  }

  /** Whether this device holds the current key of an encrypted room (known rooms only). */
  canWrite(roomId: string): boolean {
    const room = this.rooms.get(roomId);
    return Boolean(room && this.roomKeys.get(roomId)?.has(room.keyVersion));
  }

  /** Why the composer of an encrypted room is read-only, or null. */
  writeBlock(roomId: string): string | null {
    if (this.canWrite(roomId)) return null;
    return this.keys ? `${WAITING_KEY}: you can write once a member's device has shared it.` : NO_DEVICE;
  }

  /**
   * Makes sure this device holds the current key of an encrypted room: fetches the keys
   * wrapped for it, makes and shares a new one when this member should (see
   * `shouldMakeKey`), and passes the keys it holds on to member devices that lack them.
   */
  async prepareRoom(roomId: string, messages: readonly ChatMessage[] = [], share = true): Promise<RoomCrypto | null> {
    if (!(await this.ready)) return null;
    const transport = this.transport;
    const user = this.user;
    if (!transport || !user || !this.keys || !this.deviceId) return null;
    const { room } = await transport.query(RoomCryptoQuery, { id: roomId });
    if (!room) return null;
    const state: RoomCrypto = {
      encrypted: room.encrypted,
      kind: room.kind,
      keyVersion: room.keyVersion,
      members: room.members.edges.map((e) => e.node.id),
      leads: room.safeguardingDevices.map((d) => this.remember(d)).filter((d): d is Device => d !== null),
    };
    this.rooms.set(roomId, state);
    if (!room.encrypted) return state;
    const memberDevices = (await Promise.all(state.members.map((id) => this.loadDevices(id)))).flat();
    await this.fetchKeys(roomId);
    const held = this.roomKeys.get(roomId) ?? new Map<number, Uint8Array>();
    this.roomKeys.set(roomId, held);
    const recipients = [...memberDevices, ...state.leads].filter((d) => d.id !== this.deviceId);
    if (!held.has(state.keyVersion) && this.shouldMakeKey(state, messages, user.id)) {
      const key = makeRoomKey();
      const own = this.devices.get(this.deviceId);
      await this.share(roomId, state.keyVersion, key, own ? [own, ...recipients] : recipients);
      await this.fetchKeys(roomId); // whatever the server kept for this device wins
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
   * message of that version exists. Others wait for it, so two different keys of one
   * version are never handed out by honest clients.
   */
  private shouldMakeKey(room: RoomCrypto, messages: readonly ChatMessage[], userId: string): boolean {
    return room.members[0] === userId && !messages.some((m) => m.encrypted?.keyVersion === room.keyVersion);
  }

  private async fetchKeys(roomId: string): Promise<void> {
    const { transport, keys, deviceId } = this;
    if (!transport || !keys || !deviceId) return;
    const { roomKeys } = await transport.query(RoomKeysQuery, { roomId, deviceId });
    const held = this.roomKeys.get(roomId) ?? new Map<number, Uint8Array>();
    for (const wrapped of roomKeys) {
      if (held.has(wrapped.keyVersion)) continue;
      const sender = this.devices.get(wrapped.senderDeviceId);
      const key = sender && unwrapRoomKey(wrapped, sender.box, keys.box.secretKey);
      if (key) held.set(wrapped.keyVersion, key);
    }
    this.roomKeys.set(roomId, held);
  }

  private async share(roomId: string, keyVersion: number, key: Uint8Array, to: Device[]): Promise<void> {
    const { transport, keys, deviceId } = this;
    if (!transport || !keys || !deviceId || to.length === 0) return;
    const wrapped = to.map((d) => ({ recipientDeviceId: d.id, ...wrapRoomKey(key, d.box, keys.box.secretKey) }));
    await transport.mutate(ShareRoomKeyMutation, { roomId, keyVersion, senderDeviceId: deviceId, wrapped });
    for (const d of to) this.sharedTo.add(`${roomId}|${keyVersion}|${d.id}`);
  }

  /**
   * The `encrypted` input for a message to `roomId`, or null for a plaintext room. The
   * room's key version is checked first, so a version started by a removal is made or
   * fetched before anything is sealed.
   */
  async seal(roomId: string, body: string): Promise<EncryptedPayload | null> {
    const room = await this.prepareRoom(roomId, [], false);
    if (room && !room.encrypted) return null;
    const key = room && this.roomKeys.get(roomId)?.get(room.keyVersion);
    if (!room || !key || !this.keys || !this.deviceId) {
      throw new ChatError('BAD_USER_INPUT', room ? `${WAITING_KEY}.` : NO_DEVICE);
    }
    return sealMessage({
      body,
      roomId,
      keyVersion: room.keyVersion,
      roomKey: key,
      senderDeviceId: this.deviceId,
      signSecretKey: this.keys.sign.secretKey,
    });
  }

  /**
   * What to show for an encrypted message, after the signature check; null for a
   * plaintext one. Missing keys or devices are fetched in the background.
   */
  show(message: ChatMessage, roomId: string): Shown | null {
    const payload = message.encrypted;
    if (!payload || message.deletedAt || message.kind === 'SYSTEM') return null;
    const cacheKey = `${message.id}:${payload.signature}:${payload.ciphertext.length}`;
    const cached = this.shown.get(cacheKey);
    if (cached) return cached;
    const sender = this.devices.get(payload.senderDeviceId);
    const key = this.roomKeys.get(roomId)?.get(payload.keyVersion);
    if (!sender || !key) {
      const ask = sender ? `keys:${roomId}:${payload.keyVersion}` : `devices:${message.author.id}`;
      const last = this.asked.get(ask);
      // The author's devices were fetched after this message existed and none of them sent it.
      if (last !== undefined && !sender && this.userDevices.has(message.author.id)) return { note: NOT_VERIFIED };
      if (last !== undefined && Date.now() - last < WATCH_MS) return { note: WAITING_KEY };
      this.asked.set(ask, Date.now());
      void this.ready
        .then(async () => {
          if (sender) await this.fetchKeys(roomId);
          else await this.loadDevices(message.author.id);
        })
        .then(() => this.host.requestUpdate())
        .catch(() => {});
      return { note: WAITING_KEY };
    }
    const opened = openMessage(payload as EncryptedPayload, { roomId, roomKey: key, senderSignPublicKey: sender.sign });
    const result = opened.ok && sender.userId === message.author.id ? { text: opened.body } : { note: NOT_VERIFIED };
    this.shown.set(cacheKey, result);
    return result;
  }
}
