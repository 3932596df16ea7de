import { describe, expect, it } from 'vitest';
import { detectPii, piiWarning } from '../../widget/state/pii.js';

describe('detectPii', () => {
  it.each([
    ['Call me on 07911 123456', ['phone']],
    ['my number is +44 (0)20 7946 0018', ['phone']],
    ['ring 555-867-5309 tonight', ['phone']],
    ['text 07911123456', ['phone']],
    ['email me at sam.patel@example.org', ['email']],
    ['sam dot patel at gmail dot com', ['email']],
    ['sam [at] school [dot] org', ['email']],
    ['07911 123456 or sam@example.com', ['phone', 'email']],
  ])('flags %j', (text, kinds) => {
    expect(detectPii(text)).toEqual(kinds);
  });

  it.each([
    'See you at 10:30 in room 12',
    'The test is on 2025-03-07',
    'Question 4 (b) is worth 12 marks',
    'Page 112, exercises 3 to 7',
    'The answer is 1.5 x 10^3',
    'Meet at the library',
  ])('leaves %j alone', (text) => {
    expect(detectPii(text)).toEqual([]);
  });
});

describe('piiWarning', () => {
  it('names what was found and asks before sending', () => {
    expect(piiWarning(['phone'])).toContain('a phone number');
    expect(piiWarning(['email'])).toContain('an email address');
    expect(piiWarning(['phone', 'email'])).toContain('a phone number and an email address');
    expect(piiWarning(['phone'])).toMatch(/Send anyway\?$/);
  });
});
