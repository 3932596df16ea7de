import type { ReactiveControllerHost } from 'lit';
import {
  type DeviceKeys,
  deserializeDeviceKeys,
  type EncryptedPayload,
  exportPublicDeviceKeys,
  importPublicDeviceKeys,
  makeDeviceKeys,
  makeRoomKey,
  sealMessageAsync,
  serializeDeviceKeys,
  unwrapRoomKey,
  wrapRoomKey,
} from '../crypto/index.js';
import {
  DevicesQuery,
  RegisterDeviceMutation,
  RemoveDeviceMutation,
  RoomCryptoQuery,
  RoomKeysQuery,
  ShareRoomKeyMutation,
} from '../graphql/e2e.operations.js';
import { asChatError, ChatError } from '../graphql/errors.js';
import type { DeviceFieldsFragment } from '../graphql/generated/graphql.js';
import type { Transport } from '../graphql/transport.js';
import { forgetAllDevices, loadDevice, saveDevice } from '../state/key-store.js';
import type { ChatMessage, ChatUser } from '../state/types.js';
import { MessageOpener } from './message-opener.js';
import type { SessionController } from './session.controller.js';

interface Device {
  id: string;
  userId: string;
  box: Uint8Array;
  sign: Uint8Array;
  /** Removed devices get no new keys; their keys still check and open what they did before. */
  removedAt: string | null;
}

/** A room key wrapped for one of the devices held here, as `roomKeys` returns it. */
type WrappedFor = { keyVersion: number; senderDeviceId: string; nonce: string; box: string };

/** Keys held here for one device: this browser's own, or the key backup's recovery device. */
interface HeldDevice {
  id: string;
  keys: DeviceKeys;
}

interface RoomCrypto {
  encrypted: boolean;
  kind: string;
  keyVersion: number;
  members: string[];
  leads: Device[];
}

/** What the log shows for a message: its text, a calm notice in its place, or nothing yet while it is opened. */
export type Shown = { text: string } | { note: string } | { opening: true };

export const WAITING_KEY = 'Waiting for the key to this conversation';
export const NOT_VERIFIED = 'This message could not be verified';
const OPENING = { opening: true } as const;
const WATCH_MS = 3_000;
const NO_DEVICE = 'End-to-end encryption is not available on this device right now.';

/**
 * End-to-end encryption in the browser: this device's keys (IndexedDB, registered on
 * first sign-in), the room keys wrapped for it, sealing before sending and opening on
 * display. The crypto itself is `widget/crypto/`.
 */
export class E2eController {
  deviceId: string | null = null;
  /** Whether this sign-in made this browser's device keys (none were stored here). */
  newDevice = false;
  private keys: DeviceKeys | null = null;
  /** The key backup's recovery device, once this browser made or restored the backup. */
  private recovery: HeldDevice | null = null;
  /** Why this device has no keys, when the server refused them (e.g. too many devices). */
  private problem: string | null = null;
  private slot = '';
  private transport: Transport | null = null;
  private user: ChatUser | null = null;
  private ready: Promise<boolean> = Promise.resolve(false);
  private readonly devices = new Map<string, Device>();
  private readonly userDevices = new Map<string, Device[]>();
  private readonly roomKeys = new Map<string, Map<number, Uint8Array>>();
  private readonly rooms = new Map<string, RoomCrypto>();
  private readonly shown = new Map<string, Shown>();
  /** Verifies and opens messages in the background, in slices; results land in `shown`. */
  private readonly opener = new MessageOpener(() => this.host.requestUpdate());
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
    // The device goes with the session (the device cap stays free); its keys are forgotten below.
    session.beforeRevoke((transport) => {
      const deviceId = this.deviceId;
      return deviceId ? transport.mutate(RemoveDeviceMutation, { deviceId }) : Promise.resolve();
    });
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
    this.newDevice = false;
    this.recovery = null;
    this.problem = null;
    this.ready = Promise.resolve(false);
    for (const map of [this.devices, this.userDevices, this.roomKeys, this.rooms, this.shown]) map.clear();
    this.opener.clear();
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
    if (user.role !== 'GUEST') {
      this.ready = this.setUp(user, transport).catch((error) => {
        if (transport === this.transport) this.problem = asChatError(error).message;
        this.host.requestUpdate();
        return false;
      });
    }
  }

  /** Loads this device's keys, or makes them on first sign-in here, and registers the public halves. */
  private async setUp(user: ChatUser, transport: Transport): Promise<boolean> {
    const slot = `${this.scope()}|${user.id}`;
    const stored = await loadDevice(slot);
    let storedKeys = stored && deserializeDeviceKeys(stored.secret);
    let keys = storedKeys || makeDeviceKeys();
    const register = () => transport.mutate(RegisterDeviceMutation, exportPublicDeviceKeys(keys));
    const { registerDevice } = await register().catch((error) => {
      // Keys of a device removed meanwhile (signed out in another tab of this browser): start afresh.
      if (!storedKeys || asChatError(error).code !== 'BAD_USER_INPUT') throw error;
      storedKeys = null;
      keys = makeDeviceKeys();
      return register();
    });
    if (transport !== this.transport) return false;
    if (stored?.deviceId !== registerDevice.id) {
      await saveDevice(slot, { ...stored, deviceId: registerDevice.id, secret: serializeDeviceKeys(keys) });
    }
    const recovery = stored?.recovery && deserializeDeviceKeys(stored.recovery.secret);
    this.slot = slot;
    this.keys = keys;
    this.deviceId = registerDevice.id;
    this.newDevice = !storedKeys;
    this.recovery = recovery && stored?.recovery ? { id: stored.recovery.deviceId, keys: recovery } : null;
    this.remember(registerDevice);
    return true;
  }

  /** Settles once this device's keys are set up: true when it can take part in encrypted rooms. */
  whenReady(): Promise<boolean> {
    return this.ready;
  }

  /** The key backup's recovery device when this browser holds its keys (it made or restored the backup). */
  get recoveryDevice(): HeldDevice | null {
    return this.recovery;
  }

  /**
   * Keeps the key backup's recovery device next to this device's keys (IndexedDB, until
   * sign-out): room keys wrapped for it open here too, so past sessions become readable.
   */
  async adoptRecovery(device: HeldDevice): Promise<void> {
    const { keys, deviceId } = this;
    if (!keys || !deviceId) throw new ChatError('BAD_USER_INPUT', this.problem ?? NO_DEVICE);
    this.recovery = device;
    const recovery = { deviceId: device.id, secret: serializeDeviceKeys(device.keys) };
    await saveDevice(this.slot, { deviceId, secret: serializeDeviceKeys(keys), recovery });
    this.asked.clear();
    for (const [roomId, room] of this.rooms) if (room.encrypted) await this.fetchKeys(roomId).catch(() => {});
    this.host.requestUpdate();
  }

  private remember(d: DeviceFieldsFragment): Device | null {
    const pub = importPublicDeviceKeys(d);
    if (!pub) return null;
    const device = {
      id: d.id,
      userId: d.user.id,
      box: pub.boxPublicKey,
      sign: pub.signPublicKey,
      removedAt: d.removedAt ?? null,
    };
    this.devices.set(d.id, device);
    return device;
  }

  private async loadDevices(userId: string): Promise<Device[]> {
    const transport = this.transport;
    if (!transport) return [];
    const { devices } = await transport.query(DevicesQuery, { userId });
    // Removed devices stay known (to check and open what they did) but get no new keys.
    const list = devices.map((d) => this.remember(d)).filter((d): d is Device => d !== null && !d.removedAt);
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
    if (this.keys) return `${WAITING_KEY}: you can write once a member's device has shared it.`;
    return this.problem ? `${NO_DEVICE} ${this.problem}` : NO_DEVICE;
  }

  /**
   * Makes sure this device holds the current key of an encrypted room: fetches the keys
   * wrapped for it, makes and shares a new one when this member should (see
   * `shouldMakeKey`), and passes the keys it holds on to member devices that lack them.
   */
  async prepareRoom(
    roomId: string,
    messages: readonly ChatMessage[] = [],
    share = true,
    make = true,
  ): Promise<RoomCrypto | null> {
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
    if (!held.has(state.keyVersion) && make && this.shouldMakeKey(state, messages, user.id)) {
      const key = makeRoomKey();
      const own = this.devices.get(this.deviceId);
      await this.share(roomId, state.keyVersion, key, own ? [own, ...recipients] : recipients, true).catch((error) => {
        // Another device made this version first (CONFLICT): its key is the one, fetched below.
        if (asChatError(error).code !== 'CONFLICT') throw error;
      });
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
   * message of that version exists. Others wait for it. Two browsers of that member may
   * both make one: the server keeps the first and refuses the other with CONFLICT, and that
   * browser fetches the first one's key instead (a holder wraps it for it if it lacks one).
   */
  private shouldMakeKey(room: RoomCrypto, messages: readonly ChatMessage[], userId: string): boolean {
    return room.members[0] === userId && !messages.some((m) => m.encrypted?.keyVersion === room.keyVersion);
  }

  /** The keys wrapped for this device and, when held here, for the key backup's recovery device. */
  private async fetchKeys(roomId: string): Promise<void> {
    const { transport, keys, deviceId, recovery } = this;
    if (!transport || !keys || !deviceId) return;
    const held = this.roomKeys.get(roomId) ?? new Map<number, Uint8Array>();
    const open = (wrappedKeys: readonly WrappedFor[], own: DeviceKeys) => {
      for (const wrapped of wrappedKeys) {
        if (held.has(wrapped.keyVersion)) continue;
        const sender = this.devices.get(wrapped.senderDeviceId);
        const key = sender && unwrapRoomKey(wrapped, sender.box, own.box.secretKey);
        if (key) held.set(wrapped.keyVersion, key);
      }
    };
    open((await transport.query(RoomKeysQuery, { roomId, deviceId })).roomKeys, keys);
    if (recovery) {
      const wrapped = await transport.query(RoomKeysQuery, { roomId, deviceId: recovery.id }).catch(() => null);
      if (wrapped) open(wrapped.roomKeys, recovery.keys);
    }
    this.roomKeys.set(roomId, held);
  }

  /** Wraps `key` for each device and shares it; `newKey` when this device just made it. */
  private async share(
    roomId: string,
    keyVersion: number,
    key: Uint8Array,
    to: Device[],
    newKey = false,
  ): Promise<void> {
    const { transport, keys, deviceId } = this;
    if (!transport || !keys || !deviceId || to.length === 0) return;
    const wrapped = to.map((d) => ({ recipientDeviceId: d.id, ...wrapRoomKey(key, d.box, keys.box.secretKey) }));
    await transport.mutate(ShareRoomKeyMutation, { roomId, keyVersion, senderDeviceId: deviceId, wrapped, newKey });
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
    return sealMessageAsync({
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
   * plaintext one. Missing keys or devices are fetched in the background; messages are
   * opened in the background too (`{ opening: true }` until then), and the host renders
   * again as they are.
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
    const keys = { roomId, roomKey: key, senderSignPublicKey: sender.sign };
    this.opener.open(cacheKey, payload as EncryptedPayload, keys, (opened) => {
      // A removed device sends nothing more: a message stamped after its removal is not its own.
      const afterRemoval = sender.removedAt !== null && message.createdAt > sender.removedAt;
      const result =
        opened.ok && sender.userId === message.author.id && !afterRemoval
          ? { text: opened.body }
          : { note: NOT_VERIFIED };
      this.shown.set(cacheKey, result);
    });
    return OPENING;
  }
}
