import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Moves focus where the person's last step leads (the composer, the room list, a form),
 * once the next render has put it in the DOM. Added after the other controllers, so it
 * runs once they have laid out the update.
 */
export class FocusController implements ReactiveController {
  private target: string | null = null;

  constructor(private readonly host: ReactiveControllerHost & { renderRoot: ParentNode }) {
    host.addController(this);
  }

  /** Focuses the first element matching `selector` after the next render that shows one. */
  next(selector: string): void {
    this.target = selector;
  }

  hostUpdated(): void {
    if (!this.target) return;
    const target = this.host.renderRoot.querySelector<HTMLElement>(this.target);
    if (target) {
      target.focus();
      this.target = null;
    }
  }
}
