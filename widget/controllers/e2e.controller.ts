import type { ReactiveControllerHost } from 'lit';
import { type EncryptedPayload, sealMessageAsync } from '../crypto/index.js';
import { RemoveDeviceMutation } from '../graphql/e2e.operations.js';
import { asChatError, ChatError } from '../graphql/errors.js';
import type { Transport } from '../graphql/transport.js';
import { forgetAllDevices } from '../state/key-store.js';
import type { ChatMessage, ChatUser } from '../state/types.js';
import { DeviceDirectory, type HeldDevice } from './e2e-devices.js';
import { MessageDisplay, type Shown, WAITING_KEY, WATCH_MS } from './e2e-message-display.js';
import { keepRecovery, type OwnDevice, setUpOwnDevice } from './e2e-own-device.js';
import { type RoomCrypto, RoomKeyring, type SignedInDevice } from './e2e-room-keys.js';
import type { SessionController } from './session.controller.js';

const NO_DEVICE = 'End-to-end encryption is not available on this device right now.';

/**
 * End-to-end encryption in the browser: this device's keys (IndexedDB, registered on
 * first sign-in), the room keys wrapped for it, sealing before sending and opening on
 * display. The crypto itself is `widget/crypto/`; the parts are the device directory
 * (`e2e-devices.ts`), this device (`e2e-own-device.ts`), the room keys
 * (`e2e-room-keys.ts`) and what the log shows (`e2e-message-display.ts`).
 */
export class E2eController {
  private own: OwnDevice | null = null;
  /** Why this device has no keys, when the server refused them (e.g. too many devices). */
  private problem: string | null = null;
  private transport: Transport | null = null;
  private user: ChatUser | null = null;
  private ready: Promise<boolean> = Promise.resolve(false);
  private readonly directory = new DeviceDirectory(() => this.transport);
  private readonly keyring: RoomKeyring;
  private readonly display: MessageDisplay;
  private watchTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    session: SessionController,
    private readonly scope: () => string,
  ) {
    this.keyring = new RoomKeyring(host, this.directory, () => this.signedIn());
    this.display = new MessageDisplay(host, this.directory, this.keyring, () => this.ready);
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

  /** This browser's device id, once registered. */
  get deviceId(): string | null {
    return this.own?.id ?? null;
  }

  /** Whether this sign-in made this browser's device keys (none were stored here). */
  get newDevice(): boolean {
    return this.own?.newDevice ?? false;
  }

  private signedIn(): SignedInDevice | null {
    const { transport, user, own } = this;
    return transport && user && own ? { transport, user, own } : null;
  }

  private reset(): void {
    this.transport = null;
    this.user = null;
    this.own = null;
    this.problem = null;
    this.ready = Promise.resolve(false);
    this.directory.clear();
    this.keyring.clear();
    this.display.clear();
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
      const slot = `${this.scope()}|${user.id}`;
      this.ready = setUpOwnDevice(slot, transport, () => transport === this.transport, this.directory)
        .then((own) => {
          if (own) this.own = own;
          return own !== null;
        })
        .catch((error) => {
          if (transport === this.transport) this.problem = asChatError(error).message;
          this.host.requestUpdate();
          return false;
        });
    }
  }

  /** Settles once this device's keys are set up: true when it can take part in encrypted rooms. */
  whenReady(): Promise<boolean> {
    return this.ready;
  }

  /** The key backup's recovery device when this browser holds its keys (it made or restored the backup). */
  get recoveryDevice(): HeldDevice | null {
    return this.own?.recovery ?? null;
  }

  /**
   * Keeps the key backup's recovery device next to this device's keys (IndexedDB, until
   * sign-out): room keys wrapped for it open here too, so past sessions become readable.
   */
  async adoptRecovery(device: HeldDevice): Promise<void> {
    const { own } = this;
    if (!own) throw new ChatError('BAD_USER_INPUT', this.problem ?? NO_DEVICE);
    await keepRecovery(own, device);
    this.display.askAgain();
    await this.keyring.refetch();
    this.host.requestUpdate();
  }

  /** Whether this device holds the current key of an encrypted room (known rooms only). */
  canWrite(roomId: string): boolean {
    return this.keyring.canWrite(roomId);
  }

  /** Why the composer of an encrypted room is read-only, or null. */
  writeBlock(roomId: string): string | null {
    if (this.canWrite(roomId)) return null;
    if (this.own) return `${WAITING_KEY}: you can write once a member's device has shared it.`;
    return this.problem ? `${NO_DEVICE} ${this.problem}` : NO_DEVICE;
  }

  /**
   * Makes sure this device holds the current key of an encrypted room: fetches the keys
   * wrapped for it, makes and shares a new one when this member should (see
   * `RoomKeyring.shouldMakeKey`), and passes the keys it holds on to member devices that lack them.
   */
  async prepareRoom(
    roomId: string,
    messages: readonly ChatMessage[] = [],
    share = true,
    make = true,
  ): Promise<RoomCrypto | null> {
    if (!(await this.ready)) return null;
    return this.keyring.prepare(roomId, messages, share, make);
  }

  /**
   * The `encrypted` input for a message to `roomId`, or null for a plaintext room. The
   * room's key version is checked first, so a version started by a removal is made or
   * fetched before anything is sealed.
   */
  async seal(roomId: string, body: string): Promise<EncryptedPayload | null> {
    const room = await this.prepareRoom(roomId, [], false);
    if (room && !room.encrypted) return null;
    const key = room && this.keyring.key(roomId, room.keyVersion);
    const { own } = this;
    if (!room || !key || !own) throw new ChatError('BAD_USER_INPUT', room ? `${WAITING_KEY}.` : NO_DEVICE);
    return sealMessageAsync({
      body,
      roomId,
      keyVersion: room.keyVersion,
      roomKey: key,
      senderDeviceId: own.id,
      signSecretKey: own.keys.sign.secretKey,
    });
  }

  /**
   * What to show for an encrypted message, after the signature check; null for a
   * plaintext one. Missing keys or devices are fetched in the background; messages are
   * opened in the background too (`{ opening: true }` until then), and the host renders
   * again as they are.
   */
  show(message: ChatMessage, roomId: string): Shown | null {
    return this.display.show(message, roomId);
  }
}
