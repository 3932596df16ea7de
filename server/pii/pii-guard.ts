import { type CountryCode, findPhoneNumbersInText } from 'libphonenumber-js/max';

// Deliberately simple: anything shaped like local@domain.tld is treated as an address.
const EMAIL = /[A-Za-z0-9._%+-]+\s*(?:@|\(at\)|\[at\])\s*[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/i;

export type PiiKind = 'phone number' | 'email address';

/**
 * Finds contact details in free text: email addresses, and phone numbers in
 * international format or in the local formats of `regions`.
 * Returns what was found (never the value itself, so errors cannot echo it).
 */
export function findContactDetails(text: string, regions: readonly string[]): PiiKind | null {
  if (EMAIL.test(text)) return 'email address';
  for (const region of regions) {
    if (findPhoneNumbersInText(text, region as CountryCode).some((n) => n.number.isPossible())) {
      return 'phone number';
    }
  }
  return null;
}
