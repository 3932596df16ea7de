import type { ReactiveController, ReactiveControllerHost } from 'lit';

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

/**
 * Signs out after `seconds` without any keyboard, pointer or scroll activity on the
 * page (shared computers: the next person at the desk must not find a live session).
 * Activity anywhere on the page counts, not only inside the widget.
 */
export class IdleController implements ReactiveController {
  private seconds = 0;
  private last = Date.now();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private active = false;
  private readonly touch = () => {
    this.last = Date.now();
  };

  constructor(
    host: ReactiveControllerHost,
    private readonly onIdle: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    for (const type of ACTIVITY) globalThis.addEventListener?.(type, this.touch, { capture: true, passive: true });
    this.schedule();
  }

  hostDisconnected(): void {
    for (const type of ACTIVITY) globalThis.removeEventListener?.(type, this.touch, { capture: true });
    clearTimeout(this.timer);
  }

  /** Starts, changes or stops the countdown; 0 seconds or `active: false` switches it off. */
  configure(seconds: number, active: boolean): void {
    if (seconds === this.seconds && active === this.active) return;
    this.seconds = Math.max(seconds, 0);
    this.active = active;
    this.last = Date.now();
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.active || !this.seconds) return;
    const left = this.last + this.seconds * 1000 - Date.now();
    this.timer = setTimeout(
      () => {
        if (Date.now() - this.last >= this.seconds * 1000) {
          this.active = false;
          this.onIdle();
        } else {
          this.schedule();
        }
      },
      Math.max(left, 250),
    );
  }
}
