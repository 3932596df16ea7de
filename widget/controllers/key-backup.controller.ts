import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  decodeBackupContents,
  encodeBackupContents,
  exportPublicDeviceKeys,
  makeDeviceKeys,
  openKeyBackup,
  type SealedKeyBackup,
  sealKeyBackup,
} from '../crypto/index.js';
import {
  DevicesQuery,
  KeyBackupQuery,
  RegisterDeviceMutation,
  RemoveDeviceMutation,
  SaveKeyBackupMutation,
} from '../graphql/e2e.operations.js';
import { asChatError, ChatError } from '../graphql/errors.js';
import type { Transport } from '../graphql/transport.js';
import { newPassphraseProblem, restorePassphraseProblem } from '../state/backup-passphrase.js';
import type { ChatRoom, ChatUser } from '../state/types.js';
import type { E2eController } from './e2e.controller.js';
import type { SessionController } from './session.controller.js';

/**
 * What the key backup screen offers: `protect` (no backup yet), `change` (this browser holds
 * the backup's keys: a new passphrase), `restore` (a backup this browser has not opened),
 * `replace` (start over when the passphrase is lost).
 */
export type KeyBackupMode = 'loading' | 'protect' | 'change' | 'restore' | 'replace';

export const WRONG_PASSPHRASE = 'That passphrase does not open your key backup. Nothing was changed: try again.';
const GONE = 'This key backup can no longer restore past sessions: its keys were removed. Make a new backup instead.';
const UNREADABLE = 'This key backup was made by another version of the chat and cannot be read here.';
const NOT_READY = 'Encryption keys are not set up on this device yet. Try again in a moment.';
const INSECURE = 'Key backup needs the chat to be served over https.';

/**
 * The key backup: the person protects access to their encrypted conversations with a
 * passphrase, and restores it in a new browser. The backup holds the keys of a recovery
 * device (see `widget/crypto/backup-payload.ts`); it is sealed here and the server stores
 * only the sealed blob. Nothing of it outlives sign-out in this browser.
 */
export class KeyBackupController implements ReactiveController {
  /** The key backup screen is showing. */
  open = false;
  /** The server's sealed backup: undefined until asked, null when there is none. */
  backup: (SealedKeyBackup & { updatedAt: string }) | null | undefined = undefined;
  busy = false;
  error: string | null = null;
  /** What just succeeded, said once. */
  done: string | null = null;
  private replacing = false;
  private dismissed = false;
  private user: ChatUser | null = null;
  private transport: Transport | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    session: SessionController,
    private readonly e2e: E2eController,
    private readonly rooms: () => readonly ChatRoom[],
  ) {
    host.addController(this);
    session.events.on('signed-in', (user, transport) => void this.start(user, transport));
    session.events.on('signed-out', () => this.reset());
  }

  hostConnected(): void {}

  /** Whether the signed-in person has device keys to protect (guests have none). */
  get available(): boolean {
    return Boolean(this.user && this.user.role !== 'GUEST');
  }

  /** A browser new to this person, and a backup it has not opened: offer to restore. */
  get offersRestore(): boolean {
    return (
      this.available &&
      !this.open &&
      !this.dismissed &&
      Boolean(this.backup) &&
      this.e2e.newDevice &&
      !this.e2e.recoveryDevice
    );
  }

  get mode(): KeyBackupMode {
    if (this.backup === undefined) return 'loading';
    if (!this.backup) return 'protect';
    if (this.e2e.recoveryDevice) return 'change';
    return this.replacing ? 'replace' : 'restore';
  }

  /** Shows or hides the key backup screen (asks the server for the backup again on showing). */
  show(open: boolean, replacing = false): void {
    this.open = open;
    this.replacing = replacing;
    this.error = null;
    this.done = null;
    if (open) void this.refresh();
    this.host.requestUpdate();
  }

  /** "Not now": the offer to restore goes away until the next sign-in (the header button stays). */
  dismiss(): void {
    this.dismissed = true;
    this.host.requestUpdate();
  }

  /**
   * Protects access with a new passphrase. The first time, this browser makes and registers
   * the recovery device, seals its keys, stores the sealed blob, and wraps the room keys it
   * holds for it (members' browsers wrap the rest, and every later key, for it as for any
   * device). With the backup's keys held here, it only seals them again.
   */
  protect(passphrase: string, confirmation: string): Promise<boolean> {
    const problem = newPassphraseProblem(passphrase, confirmation);
    if (problem) return this.refuse(problem);
    return this.run(async (transport) => {
      if (!(await this.e2e.whenReady())) throw new ChatError('BAD_USER_INPUT', NOT_READY);
      const held = this.backup ? this.e2e.recoveryDevice : null;
      const recovery = held ?? { id: '', keys: makeDeviceKeys() };
      if (!held) {
        const { registerDevice } = await transport.mutate(
          RegisterDeviceMutation,
          exportPublicDeviceKeys(recovery.keys),
        );
        recovery.id = registerDevice.id;
      }
      const sealed = await sealKeyBackup(
        encodeBackupContents({ deviceId: recovery.id, keys: recovery.keys }),
        passphrase,
      );
      try {
        await transport.mutate(SaveKeyBackupMutation, { input: sealed });
      } catch (error) {
        if (!held) void transport.mutate(RemoveDeviceMutation, { deviceId: recovery.id }).catch(() => {});
        throw error;
      }
      await this.e2e.adoptRecovery(recovery);
      if (!held) {
        for (const room of this.rooms()) {
          if (room.encrypted && room.viewerIsMember)
            await this.e2e.prepareRoom(room.id, [], true, false).catch(() => {});
        }
      }
      await this.refresh();
      this.replacing = false;
      this.done = held
        ? 'Your passphrase is changed. Use the new one to restore access on another device.'
        : 'Your keys are backed up. On a new device, restore access to past sessions with this passphrase.';
    });
  }

  /**
   * Opens the backup with the passphrase and keeps its recovery device next to this
   * browser's own keys: the room keys wrapped for it open here, so past sessions read.
   * A wrong passphrase changes nothing.
   */
  restore(passphrase: string): Promise<boolean> {
    const problem = restorePassphraseProblem(passphrase);
    const backup = this.backup;
    if (problem || !backup) return this.refuse(problem ?? 'There is no key backup to restore.');
    return this.run(async (transport) => {
      if (!(await this.e2e.whenReady())) throw new ChatError('BAD_USER_INPUT', NOT_READY);
      const opened = await openKeyBackup(backup, passphrase);
      if (!opened) throw new ChatError('BAD_USER_INPUT', WRONG_PASSPHRASE);
      const contents = decodeBackupContents(opened);
      opened.fill(0);
      if (!contents) throw new ChatError('BAD_USER_INPUT', UNREADABLE);
      const { devices } = await transport.query(DevicesQuery, { userId: this.user?.id ?? '' });
      const registered = devices.find((d) => d.id === contents.deviceId);
      const expected = exportPublicDeviceKeys(contents.keys);
      if (
        !registered ||
        registered.removedAt ||
        registered.boxPublicKey !== expected.boxPublicKey ||
        registered.signPublicKey !== expected.signPublicKey
      ) {
        throw new ChatError('BAD_USER_INPUT', GONE);
      }
      await this.e2e.adoptRecovery({ id: contents.deviceId, keys: contents.keys });
      this.done = 'Access restored: your past sessions can be read on this device.';
    });
  }

  private async start(user: ChatUser, transport: Transport): Promise<void> {
    if (this.user?.id === user.id && this.transport === transport) return;
    this.reset();
    this.user = user;
    this.transport = transport;
    if (user.role === 'GUEST') return;
    await this.e2e.whenReady();
    await this.refresh();
  }

  private reset(): void {
    this.open = false;
    this.backup = undefined;
    this.busy = false;
    this.error = null;
    this.done = null;
    this.replacing = false;
    this.dismissed = false;
    this.user = null;
    this.transport = null;
  }

  private async refresh(): Promise<void> {
    const transport = this.transport;
    if (!transport || !this.available) return;
    try {
      const { keyBackup } = await transport.query(KeyBackupQuery, {});
      if (transport === this.transport) this.backup = keyBackup ?? null;
    } catch (error) {
      if (transport === this.transport && this.open) this.error = asChatError(error).message;
    }
    this.host.requestUpdate();
  }

  private async refuse(problem: string): Promise<boolean> {
    this.error = problem;
    this.done = null;
    this.host.requestUpdate();
    return false;
  }

  /** One action at a time; its failure is shown, and dropped when the session ended meanwhile. */
  private async run(work: (transport: Transport) => Promise<void>): Promise<boolean> {
    const transport = this.transport;
    if (!transport || this.busy) return false;
    this.busy = true;
    this.error = null;
    this.done = null;
    this.host.requestUpdate();
    try {
      await work(transport);
      return transport === this.transport;
    } catch (error) {
      if (transport === this.transport) {
        this.error = globalThis.crypto?.subtle ? asChatError(error).message : INSECURE;
      }
      return false;
    } finally {
      if (transport === this.transport) {
        this.busy = false;
        this.host.requestUpdate();
      }
    }
  }
}
