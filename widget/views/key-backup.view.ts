import { html, nothing } from 'lit';
import type { KeyBackupMode } from '../controllers/key-backup.controller.js';
import { MIN_PASSPHRASE_CHARS } from '../state/backup-passphrase.js';

export interface KeyBackupState {
  mode: KeyBackupMode;
  busy: boolean;
  error: string | null;
  done: string | null;
  /** When the server's backup was last saved (ISO), if there is one. */
  updatedAt: string | null;
}

export interface KeyBackupActions {
  /** Each resolves true when it succeeded (the form is then cleared). */
  protect(passphrase: string, confirmation: string): Promise<boolean>;
  restore(passphrase: string): Promise<boolean>;
  /** Start over with a new backup (the passphrase is lost). */
  replace(): void;
  close(): void;
}

const value = (form: HTMLFormElement, name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;

function onSubmit(run: (form: HTMLFormElement) => Promise<boolean>) {
  return (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    void run(form).then((ok) => ok && form.reset());
  };
}

const saved = (updatedAt: string | null) =>
  updatedAt ? html` (saved <time datetime=${updatedAt}>${new Date(updatedAt).toLocaleString()}</time>)` : nothing;

/** The offer shown in a browser new to the person, when a backup could restore their past sessions. */
export function restoreOfferView(actions: { restore(): void; dismiss(): void }) {
  return html`
    <div class="key-offer notice" part="key-backup-offer" role="region" aria-label="Past sessions">
      <p>This device cannot read your past encrypted sessions yet. Your key backup can unlock them.</p>
      <div class="actions">
        <button class="primary" type="button" @click=${actions.restore}>Restore access to past sessions</button>
        <button type="button" @click=${actions.dismiss}>Not now</button>
      </div>
    </div>
  `;
}

/** The key backup screen: protect access with a passphrase, change it, or restore it here. */
export function keyBackupView(state: KeyBackupState, actions: KeyBackupActions) {
  const invalid = state.error ? 'true' : 'false';
  return html`
    <section id="mc-key-backup" class="form key-backup" part="key-backup" aria-labelledby="mc-keys-title">
      <h3 id="mc-keys-title">Key backup</h3>
      ${body(state, actions, invalid)}
      ${state.error ? html`<p class="error" role="alert">${state.error}</p>` : nothing}
      <p class=${state.done ? 'notice' : 'sr-only'} role="status">${state.done ?? ''}</p>
      <button class="link" type="button" @click=${actions.close}>Back to conversations</button>
    </section>
  `;
}

function body(state: KeyBackupState, actions: KeyBackupActions, invalid: string) {
  switch (state.mode) {
    case 'loading':
      return html`<p class="muted">Checking for a key backup…</p>`;
    case 'restore':
      return html`
        <p>
          Your encrypted conversations are protected by a key backup${saved(state.updatedAt)}. Enter its passphrase to
          read your past sessions on this device.
        </p>
        <form novalidate @submit=${onSubmit((f) => actions.restore(value(f, 'passphrase')))}>
          <label for="mc-backup-passphrase">Backup passphrase</label>
          <input id="mc-backup-passphrase" name="passphrase" type="password" autocomplete="off" aria-invalid=${invalid} />
          <button class="primary submit" type="submit" ?disabled=${state.busy}>
            ${state.busy ? 'Restoring…' : 'Restore access'}
          </button>
        </form>
        <p class="muted">
          Forgot it?
          <button class="link" type="button" @click=${actions.replace}>Make a new backup</button>
        </p>
      `;
    case 'replace':
      return html`
        <p>
          A new backup replaces the one you cannot open. It protects what this device can read now and everything
          from here on; sessions that only the old backup could unlock stay locked.
        </p>
        ${passphraseForm(state, actions, invalid, 'Make a new backup')}
      `;
    case 'change':
      return html`
        <p>Your keys are backed up${saved(state.updatedAt)}. You can choose a new passphrase.</p>
        ${passphraseForm(state, actions, invalid, 'Change passphrase')}
      `;
    default:
      return html`
        <p>
          Protect access to your encrypted conversations with a passphrase. On a new device, or after signing out, it
          lets you read your past sessions again. Only you know it: it cannot be reset.
        </p>
        ${passphraseForm(state, actions, invalid, 'Protect my keys')}
      `;
  }
}

function passphraseForm(state: KeyBackupState, actions: KeyBackupActions, invalid: string, submit: string) {
  return html`
    <form novalidate @submit=${onSubmit((f) => actions.protect(value(f, 'passphrase'), value(f, 'confirmation')))}>
      <label for="mc-backup-new">${state.mode === 'change' ? 'New passphrase' : 'Passphrase'}</label>
      <input id="mc-backup-new" name="passphrase" type="password" autocomplete="new-password"
        aria-describedby="mc-backup-help" aria-invalid=${invalid} />
      <p id="mc-backup-help" class="muted">At least ${MIN_PASSPHRASE_CHARS} characters; a few unrelated words work well.</p>
      <label for="mc-backup-confirm">Type it again</label>
      <input id="mc-backup-confirm" name="confirmation" type="password" autocomplete="new-password" aria-invalid=${invalid} />
      <button class="primary submit" type="submit" ?disabled=${state.busy}>${state.busy ? 'Saving…' : submit}</button>
    </form>
  `;
}
