import { nothing } from 'lit';
import type { KeyBackupController } from '../controllers/key-backup.controller.js';
import { keyBackupView, restoreOfferView } from './key-backup.view.js';

/** What the element hands over for the key backup: the controller, and how to open or close its screen. */
export interface KeyBackupContext {
  keys: KeyBackupController;
  show(open: boolean, replacing?: boolean): void;
}

/** The header's "Key backup" button, when the person has one. */
export function keyBackupButton({ keys, show }: KeyBackupContext) {
  return keys.available ? { open: keys.open, toggle: () => show(!keys.open) } : null;
}

/** The offer to restore access to past sessions, in a browser new to the person. */
export function restoreOffer({ keys, show }: KeyBackupContext) {
  return keys.offersRestore ? restoreOfferView({ restore: () => show(true), dismiss: () => keys.dismiss() }) : nothing;
}

/** The key backup screen: protect access with a passphrase, or restore it. */
export function keyBackupPanel({ keys, show }: KeyBackupContext) {
  return keyBackupView(
    {
      mode: keys.mode,
      busy: keys.busy,
      error: keys.error,
      done: keys.done,
      updatedAt: keys.backup?.updatedAt ?? null,
    },
    {
      protect: (passphrase, confirmation) => keys.protect(passphrase, confirmation),
      restore: (passphrase) => keys.restore(passphrase),
      replace: () => show(true, true),
      close: () => show(false),
    },
  );
}
