import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { liveSubscription } from '../graphql/live.js';
import { ReceiptsSubscription } from '../graphql/subscriptions.js';
import { applyReceipts, receiptLabel, seenBy } from '../state/receipts.js';
import type { ChatMessage, ChatReceipt } from '../state/types.js';
import type { MessagesController } from './messages.controller.js';

/** Every member's read position in the open room, live: turns "Sent" into "Seen by …". */
export class ReceiptsController implements ReactiveController {
  private receipts = new Map<string, ChatReceipt>();
  private stop: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    messages: MessagesController,
  ) {
    host.addController(this);
    messages.events.on('opened', (room, transport, initial) => {
      this.reset();
      this.receipts = applyReceipts(this.receipts, initial);
      this.stop = liveSubscription(transport, ReceiptsSubscription, () => ({ roomId: room.id }), {
        next: ({ receipts }) => this.apply([receipts]),
      });
    });
    messages.events.on('closed', () => this.reset());
    messages.events.on('marked-read', (receipt) => this.apply([receipt]));
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.reset();
  }

  /** "Sent", or who has seen this message. */
  labelFor(message: ChatMessage): string {
    return receiptLabel(seenBy(message, this.receipts));
  }

  private apply(incoming: ChatReceipt[]): void {
    this.receipts = applyReceipts(this.receipts, incoming);
    this.host.requestUpdate();
  }

  private reset(): void {
    this.stop?.();
    this.stop = null;
    this.receipts = new Map();
  }
}
