import type { ReactiveController, ReactiveControllerHost } from 'lit';

const NEAR_BOTTOM_PX = 48;
const NEAR_TOP_PX = 64;

/**
 * Keeps the message log where the reader expects it: pinned to the newest message while
 * they are at the bottom, and steady (not jumping) when older messages are added above.
 * Asks for older pages when the reader scrolls near the top.
 */
export class ScrollController implements ReactiveController {
  private pinned = true;
  private force = false;
  private fromBottom = 0;
  private log: HTMLElement | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: ParentNode },
    private readonly onNearTop: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostUpdate(): void {
    const log = this.find();
    if (!log) return;
    this.pinned = this.force || log.scrollHeight - log.scrollTop - log.clientHeight < NEAR_BOTTOM_PX;
    this.force = false;
    this.fromBottom = log.scrollHeight - log.scrollTop;
  }

  hostUpdated(): void {
    const log = this.find();
    if (!log) {
      this.log = null;
      return;
    }
    if (log !== this.log) {
      // A newly rendered log (room opened): start at the newest message.
      this.log = log;
      log.addEventListener('scroll', () => log.scrollTop < NEAR_TOP_PX && this.onNearTop(), { passive: true });
      this.pinned = true;
    }
    log.scrollTop = this.pinned ? log.scrollHeight : log.scrollHeight - this.fromBottom;
  }

  /** Jumps to the newest message (after the reader sends one). */
  pin(): void {
    this.force = true;
  }

  private find(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('.log');
  }
}
