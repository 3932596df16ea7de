import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EncryptedPayload } from '../crypto/index.js';
import { asChatError, type ChatError } from '../graphql/errors.js';
import { SendMessageMutation } from '../graphql/messages.operations.js';
import type { Transport } from '../graphql/transport.js';
import { Outbox } from '../state/outbox.js';
import type { ChatMessage, PendingSend } from '../state/types.js';
import type { SessionController } from './session.controller.js';

const RETRY_MS = 5_000;

type Delivered = (message: ChatMessage, roomId: string) => void;
type Rejected = (item: PendingSend, error: ChatError) => void;
/** Seals a body for an encrypted room (null: a plaintext room, the body goes as it is). */
type Seal = (roomId: string, body: string) => Promise<EncryptedPayload | null>;

/**
 * Sends messages one at a time, in typing order. A send that cannot reach the server
 * waits (same clientId) and goes out when the connection is back; the server's
 * idempotency on clientId makes a resend after a lost response harmless. A send the
 * server refuses is handed back (`onRejected`) so its text is never lost.
 * Unsent messages survive a reload of the tab, and go on sign-out.
 */
export class OutboxController implements ReactiveController {
  private outbox = new Outbox();
  private transport: Transport | null = null;
  private flushing = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private offState: (() => void) | null = null;
  onDelivered: Delivered = () => {};
  onRejected: Rejected = () => {};
  seal: Seal = async () => null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly session: SessionController,
  ) {
    host.addController(this);
    session.events.on('signed-in', (_user, transport) => this.start(transport));
    session.events.on('signed-out', () => this.stop());
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    clearTimeout(this.retryTimer);
  }

  get pending(): readonly PendingSend[] {
    return this.outbox.all;
  }

  send(roomId: string, body: string): void {
    this.outbox.add(roomId, body);
    this.persist();
    void this.flush();
  }

  private start(transport: Transport): void {
    this.stop();
    this.transport = transport;
    this.outbox = new Outbox(this.session.storage.read<PendingSend[]>('outbox', []));
    this.offState = transport.onState((state) => state === 'online' && void this.flush());
    void this.flush();
  }

  private stop(): void {
    this.offState?.();
    this.offState = null;
    clearTimeout(this.retryTimer);
    this.transport = null;
    this.outbox = new Outbox();
    this.host.requestUpdate();
  }

  private async flush(): Promise<void> {
    const transport = this.transport;
    if (this.flushing || !transport) return;
    this.flushing = true;
    clearTimeout(this.retryTimer);
    try {
      for (let item = this.outbox.nextQueued(); item && transport === this.transport; item = this.outbox.nextQueued()) {
        this.outbox.setState(item.clientId, 'sending');
        this.host.requestUpdate();
        try {
          const encrypted = await this.seal(item.roomId, item.body);
          if (transport !== this.transport) return;
          const input = encrypted
            ? { roomId: item.roomId, clientId: item.clientId, encrypted }
            : { roomId: item.roomId, clientId: item.clientId, body: item.body };
          const { sendMessage } = await transport.mutate(SendMessageMutation, { input });
          if (transport !== this.transport) return;
          this.outbox.remove(item.clientId);
          this.onDelivered(sendMessage, item.roomId);
        } catch (error) {
          if (transport !== this.transport) return;
          const chatError = asChatError(error);
          if (chatError.code === 'NETWORK') {
            this.outbox.setState(item.clientId, 'queued');
            this.retryTimer = setTimeout(() => void this.flush(), RETRY_MS);
            return;
          }
          this.outbox.remove(item.clientId);
          this.onRejected(item, chatError);
        } finally {
          this.persist();
          this.host.requestUpdate();
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private persist(): void {
    this.session.storage.write('outbox', this.outbox.all.length ? this.outbox.all : null);
  }
}
