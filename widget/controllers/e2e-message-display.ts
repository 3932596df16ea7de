import type { ReactiveControllerHost } from 'lit';
import type { EncryptedPayload } from '../crypto/index.js';
import type { ChatMessage } from '../state/types.js';
import type { DeviceDirectory } from './e2e-devices.js';
import type { RoomKeyring } from './e2e-room-keys.js';
import { MessageOpener } from './message-opener.js';

/** What the log shows for a message: its text, a calm notice in its place, or nothing yet while it is opened. */
export type Shown = { text: string } | { note: string } | { opening: true };

export const WAITING_KEY = 'Waiting for the key to this conversation';
export const NOT_VERIFIED = 'This message could not be verified';
/** How often an open encrypted room is checked, and how long before a missing key or device is asked for again. */
export const WATCH_MS = 3_000;
const OPENING = { opening: true } as const;

/**
 * What the log shows for encrypted messages: each is checked and opened once, in the
 * background, with whatever it lacks (its sender's device, the room key) fetched first.
 */
export class MessageDisplay {
  private readonly shown = new Map<string, Shown>();
  /** Verifies and opens messages in the background, in slices; results land in `shown`. */
  private readonly opener = new MessageOpener(() => this.host.requestUpdate());
  private readonly asked = new Map<string, number>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly directory: DeviceDirectory,
    private readonly keyring: RoomKeyring,
    private readonly ready: () => Promise<boolean>,
  ) {}

  /** See `E2eController.show`. */
  show(message: ChatMessage, roomId: string): Shown | null {
    const payload = message.encrypted;
    if (!payload || message.deletedAt || message.kind === 'SYSTEM') return null;
    const cacheKey = `${message.id}:${payload.signature}:${payload.ciphertext.length}`;
    const cached = this.shown.get(cacheKey);
    if (cached) return cached;
    const sender = this.directory.get(payload.senderDeviceId);
    const key = this.keyring.key(roomId, payload.keyVersion);
    if (!sender || !key) {
      const ask = sender ? `keys:${roomId}:${payload.keyVersion}` : `devices:${message.author.id}`;
      const last = this.asked.get(ask);
      // The author's devices were fetched after this message existed and none of them sent it.
      if (last !== undefined && !sender && this.directory.fetched(message.author.id)) return { note: NOT_VERIFIED };
      if (last !== undefined && Date.now() - last < WATCH_MS) return { note: WAITING_KEY };
      this.asked.set(ask, Date.now());
      void this.ready()
        .then(async () => {
          if (sender) await this.keyring.fetch(roomId);
          else await this.directory.load(message.author.id);
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

  /** Asks again at once for whatever messages wait for (new keys may open them now). */
  askAgain(): void {
    this.asked.clear();
  }

  clear(): void {
    this.shown.clear();
    this.opener.clear();
    this.asked.clear();
  }
}
