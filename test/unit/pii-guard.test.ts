import fc from 'fast-check';
import { type CountryCode, findPhoneNumbersInText } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { findContactDetails } from '../../server/pii/pii-guard.js';

const REGIONS = ['US', 'GB'];

describe('findContactDetails (the server guard)', () => {
  it.each([
    ['call +44 20 7946 0958 tonight', 'phone number'],
    ['ring (415) 555-2671', 'phone number'],
    ['text 07911 123456', 'phone number'],
    // Niue: a four-digit national number, the shortest plan there is.
    ['ring +683 4002', 'phone number'],
    // Full-width and Arabic-Indic digits are digits too.
    ['＋４４ ２０ ７９４６ ０９５８', 'phone number'],
    ['+44 ٢٠ ٧٩٤٦ ٠٩٥٨', 'phone number'],
    ['mail sam.patel@example.org', 'email address'],
    ['sam (at) school.example.org', 'email address'],
  ])('finds %j: %s', (text, kind) => {
    expect(findContactDetails(text, REGIONS)).toBe(kind);
  });

  it.each(['See you at 10:30 in room 12', 'Question 4 (b) is worth 12 marks', 'Meet at the library', ''])(
    'leaves %j alone',
    (text) => {
      expect(findContactDetails(text, REGIONS)).toBeNull();
    },
  );

  it('skipping texts with too few digits never changes the answer', () => {
    // Digits of several scripts, separators and letters: the shapes numbers are written in.
    const piece = fc.constantFrom('0', '4', '7', '٣', '５', '+', ' ', '-', '(', ')', '.', 'a', 'call ');
    const text = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.subarray(['US', 'GB', 'NU', 'AT', 'DE'], { minLength: 1 }), (sample, regions) => {
        const unfiltered = regions.some((region) =>
          findPhoneNumbersInText(sample, region as CountryCode).some((n) => n.number.isPossible()),
        );
        expect(findContactDetails(sample, regions) === 'phone number').toBe(unfiltered);
      }),
      { numRuns: 2000 },
    );
  });
});
