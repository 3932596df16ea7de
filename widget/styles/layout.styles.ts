import { css } from 'lit';

export const layoutStyles = css`
  :host {
    display: block;
  }
  :host([mode='inline']) {
    height: 100%;
    min-height: 320px;
  }
  :host([mode='launcher']) {
    position: fixed;
    right: var(--mc-launcher-right, 20px);
    bottom: var(--mc-launcher-bottom, 20px);
    z-index: var(--mc-z-index, 2147483000);
    width: 0;
    height: 0;
  }
  [hidden] {
    display: none !important;
  }
  .launcher {
    position: absolute;
    right: 0;
    bottom: 0;
    width: 3.5rem;
    height: 3.5rem;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_accent-fg);
    border: none;
    box-shadow: 0 4px 14px rgb(0 0 0 / 25%);
    display: grid;
    place-items: center;
  }
  .launcher svg {
    width: 1.6rem;
    height: 1.6rem;
  }
  .launcher .count {
    position: absolute;
    top: -4px;
    right: -4px;
    min-width: 1.4rem;
    padding: 0 0.35rem;
    border-radius: 999px;
    background: var(--mc-unread-bg, #b42318);
    color: var(--mc-unread-fg, #ffffff);
    font-size: 0.8rem;
    font-weight: 700;
    line-height: 1.4rem;
  }
  .panel {
    display: flex;
    flex-direction: column;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
    height: 100%;
    container-type: inline-size;
  }
  :host([mode='launcher']) .panel {
    position: absolute;
    right: 0;
    bottom: 4.5rem;
    width: min(var(--mc-panel-width, 380px), calc(100vw - 24px));
    height: min(var(--mc-panel-height, 580px), calc(100vh - 110px));
    box-shadow: 0 12px 32px rgb(0 0 0 / 28%);
  }
  header {
    display: flex;
    /* On a narrow panel the buttons go to a second line rather than out of reach. */
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    padding: 0.5em 0.75em;
    border-bottom: 1px solid var(--_border);
    background: var(--_surface);
  }
  header h2 {
    /* The title keeps its room; the viewer's name gives way first (it has an ellipsis). */
    flex: 0 0 auto;
    font-size: 1em;
    margin: 0 auto 0 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  header button {
    white-space: nowrap;
  }
  header .who {
    flex: 1 1 0;
    min-width: 0;
    text-align: right;
    color: var(--_muted);
    font-size: 0.85em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    max-width: 12em;
  }
  .link-state {
    margin: 0;
    padding: 0.35em 0.75em;
    background: var(--_warning-bg);
    color: var(--_warning-fg);
    font-size: 0.875em;
  }
  .body {
    flex: 1;
    min-height: 0;
    display: flex;
  }
  .rooms {
    flex: 1;
    overflow-y: auto;
    min-width: 0;
  }
  .conversation {
    flex: 1;
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .body.has-room .rooms {
    display: none;
  }
  @container (min-width: 640px) {
    .body.has-room .rooms {
      display: block;
      flex: 0 0 15rem;
      border-right: 1px solid var(--_border);
    }
    .conversation .back {
      display: none;
    }
  }
  .scroll {
    flex: 1;
    overflow-y: auto;
    padding: 0.75em;
  }
  .centered {
    margin: auto;
    padding: 1.5em;
    text-align: center;
  }
`;
