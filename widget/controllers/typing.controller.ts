import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { liveSubscription } from '../graphql/live.js';
import { SetTypingMutation } from '../graphql/messages.operations.js';
import { TypingSubscription } from '../graphql/subscriptions.js';
import type { Transport } from '../graphql/transport.js';
import { applyTyping, pruneTyping, type Typists, typingLabel } from '../state/typing.js';
import type { MessagesController } from './messages.controller.js';

/** The server keeps "typing" for 6 s; refreshing every 3 s keeps it on while keys are pressed. */
const REFRESH_MS = 3_000;

/** Others' typing in the open room, and the viewer's own typing announced to them. */
export class TypingController implements ReactiveController {
  private typists: Typists = new Map();
  private stop: (() => void) | null = null;
  private transport: Transport | null = null;
  private roomId: string | null = null;
  private lastSent = 0;
  private pruneTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    messages: MessagesController,
  ) {
    host.addController(this);
    messages.events.on('opened', (room, transport) => {
      this.reset();
      this.transport = transport;
      this.roomId = room.id;
      this.stop = liveSubscription(transport, TypingSubscription, () => ({ roomId: room.id }), {
        next: ({ typing }) => this.update(typing.user.id, typing.user.displayName, typing.typing),
        resumed: () => this.update('', '', false),
      });
    });
    messages.events.on('closed', () => this.reset());
    // A message from someone means they stopped typing it.
    messages.events.on('received', (message) => this.update(message.author.id, message.author.displayName, false));
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.reset();
  }

  /** "Ms Rivera is typing…", or "" when nobody is. */
  get label(): string {
    return typingLabel([...this.typists.values()].map((t) => t.name));
  }

  /** The viewer pressed a key in the composer. */
  typed(): void {
    const now = Date.now();
    if (now - this.lastSent < REFRESH_MS) return;
    this.lastSent = now;
    this.send(true);
  }

  /** The viewer sent, cleared or left the composer. */
  stopped(): void {
    if (this.lastSent === 0) return;
    this.lastSent = 0;
    this.send(false);
  }

  private send(typing: boolean): void {
    const { transport, roomId } = this;
    if (transport?.state === 'online' && roomId)
      transport.mutate(SetTypingMutation, { roomId, typing }).catch(() => {});
  }

  private update(userId: string, name: string, typing: boolean): void {
    this.typists = userId ? applyTyping(this.typists, { userId, name, typing }, Date.now()) : new Map();
    clearInterval(this.pruneTimer);
    if (this.typists.size > 0) {
      this.pruneTimer = setInterval(() => {
        this.typists = pruneTyping(this.typists, Date.now());
        if (this.typists.size === 0) clearInterval(this.pruneTimer);
        this.host.requestUpdate();
      }, 1_000);
    }
    this.host.requestUpdate();
  }

  private reset(): void {
    this.stopped();
    this.stop?.();
    this.stop = null;
    this.transport = null;
    this.roomId = null;
    this.update('', '', false);
  }
}
