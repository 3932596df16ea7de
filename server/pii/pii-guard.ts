import { type CountryCode, findPhoneNumbersInText, getCountries, Metadata } from 'libphonenumber-js/max';

// Deliberately simple: anything shaped like local@domain.tld is treated as an address.
const EMAIL = /[A-Za-z0-9._%+-]+\s*(?:@|\(at\)|\[at\])\s*[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/i;

/** The fewest digits any possible number has in any numbering plan (read from the metadata, not assumed). */
const FEWEST_PHONE_DIGITS = (() => {
  const metadata = new Metadata();
  let fewest = Number.POSITIVE_INFINITY;
  for (const country of getCountries()) {
    metadata.selectNumberingPlan(country);
    fewest = Math.min(fewest, ...(metadata.numberingPlan?.possibleLengths() ?? []));
  }
  return fewest;
})();
// Every decimal digit of every script: a superset of the digits the matcher reads.
const DIGIT = /\p{Nd}/gu;

export type PiiKind = 'phone number' | 'email address';

/**
 * Finds contact details in free text: email addresses, and phone numbers in
 * international format or in the local formats of `regions`.
 * Returns what was found (never the value itself, so errors cannot echo it).
 */
export function findContactDetails(text: string, regions: readonly string[]): PiiKind | null {
  if (EMAIL.test(text)) return 'email address';
  // Most chat lines hold no number at all: the matcher (tens of µs a call) runs only when one could fit.
  if ((text.match(DIGIT)?.length ?? 0) < FEWEST_PHONE_DIGITS) return null;
  for (const region of regions) {
    if (findPhoneNumbersInText(text, region as CountryCode).some((n) => n.number.isPossible())) {
      return 'phone number';
    }
  }
  return null;
}
