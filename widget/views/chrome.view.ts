import { html, nothing } from 'lit';
import { roleBadge } from '../state/format.js';
import { type LinkState, linkLabel } from '../state/link-state.js';
import type { ChatUser } from '../state/types.js';
import { chatIcon, closeIcon, keyIcon } from './icons.js';

/** The floating button of launcher mode, with the unread count. */
export function launcherView(open: boolean, unread: number, toggle: () => void) {
  const label = unread ? `Chat, ${unread} unread` : 'Chat';
  return html`
    <button class="launcher" part="launcher" aria-expanded=${open ? 'true' : 'false'} aria-controls="mc-panel" aria-label=${label}
      @click=${toggle}>
      ${chatIcon}${unread ? html`<span class="count" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>` : nothing}
    </button>
  `;
}

/** The panel's title bar: who is signed in, the key backup, sign-out, and close in launcher mode. */
export function headerView(
  user: ChatUser | null,
  actions: { signOut(): void; close: (() => void) | null; keys?: { open: boolean; toggle(): void } | null },
) {
  const badge = user ? roleBadge(user.role) : null;
  return html`
    <header part="header">
      <h2 id="mc-title">Chat</h2>
      ${
        user
          ? html`<span class="who" part="viewer">${user.displayName}${badge ? html` <span class="badge">${badge}</span>` : nothing}</span>
            ${
              actions.keys
                ? html`<button part="key-backup-button" aria-label="Key backup" title="Key backup"
                    aria-expanded=${actions.keys.open ? 'true' : 'false'} @click=${actions.keys.toggle}>${keyIcon}</button>`
                : nothing
            }
            <button part="sign-out" @click=${actions.signOut}>Sign out</button>`
          : nothing
      }
      ${actions.close ? html`<button aria-label="Close chat" @click=${actions.close}>${closeIcon}</button>` : nothing}
    </header>
  `;
}

/** The connection line: always in the DOM (a live region must exist before it speaks), visible when not online. */
export function linkStateView(state: LinkState) {
  const label = linkLabel(state);
  return html`<p class=${label ? 'link-state' : 'sr-only'} part="status" role="status" data-state=${state}>${label}</p>`;
}
