/** The fewest characters a key backup passphrase may have. */
export const MIN_PASSPHRASE_CHARS = 12;

/**
 * Why a new backup passphrase cannot be used, or null when it can. Counted in characters
 * (code points), so a passphrase in any script is measured alike.
 *
 * @param passphrase - what the person typed.
 * @param confirmation - what they typed again.
 */
export function newPassphraseProblem(passphrase: string, confirmation: string): string | null {
  if (passphrase.trim().length === 0) return 'Choose a passphrase for your key backup.';
  if ([...passphrase].length < MIN_PASSPHRASE_CHARS) {
    return `Use at least ${MIN_PASSPHRASE_CHARS} characters: a few unrelated words work well.`;
  }
  if (passphrase !== confirmation) return 'The two passphrases do not match. Type the same passphrase twice.';
  return null;
}

/** Why a passphrase typed to restore cannot be tried, or null. */
export function restorePassphraseProblem(passphrase: string): string | null {
  return passphrase.length === 0 ? 'Enter the passphrase of your key backup.' : null;
}
