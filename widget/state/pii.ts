/** Kinds of personal contact details the composer warns about before sending. */
export type PiiKind = 'phone' | 'email';

const EMAIL = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[a-z]{2,}/i;
// "name at school dot org" and its bracketed variants.
const SPELLED_EMAIL = /\b[\w.+-]+\s*(?:\(at\)|\[at\]|\s+at\s+)\s*[\w-]+\s*(?:\(dot\)|\[dot\]|\s+dot\s+)\s*[a-z]{2,}\b/i;
// Runs of digits with the separators people use in phone numbers.
const DIGIT_RUN = /\+?\(?\d[\d\s().-]{5,}\d/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function looksLikePhone(text: string): boolean {
  for (const match of text.matchAll(DIGIT_RUN)) {
    const run = match[0].trim();
    if (ISO_DATE.test(run)) continue;
    const digits = run.replace(/\D/g, '').length;
    if (digits >= 7 && digits <= 15) return true;
  }
  return false;
}

/**
 * A cautious, local heuristic: which kinds of contact details a draft seems to hold.
 * It only decides whether to ask "send anyway?"; the server's own check is the rule.
 */
export function detectPii(text: string): PiiKind[] {
  const kinds: PiiKind[] = [];
  if (looksLikePhone(text)) kinds.push('phone');
  if (EMAIL.test(text) || SPELLED_EMAIL.test(text)) kinds.push('email');
  return kinds;
}

/** The warning shown above the composer for the kinds found. */
export function piiWarning(kinds: readonly PiiKind[]): string {
  const what =
    kinds.length === 2
      ? 'a phone number and an email address'
      : kinds[0] === 'phone'
        ? 'a phone number'
        : 'an email address';
  return `This message looks like it contains ${what}. Sharing contact details in chat is not safe. Send anyway?`;
}
