import fc from 'fast-check';
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';

/** Strings that have broken text handling somewhere: surrogates, bidi and zero-width marks, ZWJ emoji, NUL, injections. */
export const EDGE_STRINGS = [
  '',
  ' ',
  '\uD800',
  'a\uDC00b',
  '\uDBFF\uDFFF',
  '\u202Egnp.exe',
  '\u200F\u200E\u061C',
  '\u200B\u200C\u200D\uFEFF',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈',
  'e\u0301\u0301\u0301',
  '\u0000',
  '\r\n\t',
  "'; DROP TABLE users; --",
  '{"$gt": ""}',
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  '%s%n%x',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log-injection probe, meant literally
  '${jndi:x}',
  'call me on 07700 900123',
  'me@example.com',
  'x'.repeat(4001),
];

const base64 = fc.uint8Array({ maxLength: 80 }).map((bytes) => Buffer.from(bytes).toString('base64'));

/** Random text: every code point (lone surrogates included), edge fragments, valid base64, now and then huge. */
export const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  {
    weight: 3,
    arbitrary: fc.array(fc.constantFrom(...EDGE_STRINGS, 'a', 'zz'), { maxLength: 6 }).map((p) => p.join('')),
  },
  { weight: 2, arbitrary: base64 },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 5000, maxLength: 40_000 }) },
);

const anyInt = fc.oneof(
  fc.integer({ min: -5, max: 50 }),
  fc.integer(),
  fc.constantFrom(0, -1, 600_000, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1.5, Number.NaN),
);

/** Values of the wrong kind for any slot: nested objects and arrays, numbers for strings, and so on. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 10 }),
  fc.array(fc.integer(), { maxLength: 5 }),
  fc.anything({ maxDepth: 6, key: fc.stringMatching(/^[xyz]{1,3}$/), withNullPrototype: false }),
);

/** Ids for an argument or input field, by its name (`roomId`, `userId`, …). */
export type IdsFor = (name: string) => fc.Arbitrary<string>;

/**
 * Arbitrary variable values for one GraphQL input type: mostly of the right shape (so requests
 * reach the resolvers), sometimes null, missing or of the wrong kind. IDs come from `idsFor`:
 * real ids of other users' objects, missing ids, ids of another type, garbage.
 */
export function inputValue(
  type: GraphQLInputType,
  idsFor: IdsFor,
  name: string,
  nested = false,
): fc.Arbitrary<unknown> {
  const wellShaped = shaped(type, idsFor, name);
  // Rarer inside objects and lists, or a wrong leaf somewhere would refuse nearly every call.
  return fc.oneof({ weight: nested ? 30 : 8, arbitrary: wellShaped }, { weight: 1, arbitrary: wrongValue });
}

function shaped(type: GraphQLInputType, idsFor: IdsFor, name: string): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return shaped(type.ofType, idsFor, name);
  if (isListType(type)) {
    const item = inputValue(type.ofType, idsFor, name, true);
    return fc.oneof(
      { weight: 5, arbitrary: fc.array(item, { maxLength: 4 }) },
      { weight: 1, arbitrary: fc.array(item, { minLength: 200, maxLength: 600 }) },
    );
  }
  if (isEnumType(type)) {
    return fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)) },
      { weight: 1, arbitrary: fc.constantFrom('NOT_A_VALUE', 'admin', '') },
    );
  }
  if (isInputObjectType(type)) {
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const field of Object.values(type.getFields())) {
      const value = inputValue(field.type, idsFor, field.name, true);
      // Optional fields are mostly left out (or null), so requests often get as far as storage.
      record[field.name] = isNonNullType(field.type)
        ? value
        : fc.oneof(
            { weight: 2, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: fc.constant(null) },
            {
              weight: 3,
              arbitrary: value,
            },
          );
    }
    return fc
      .record(record)
      .map((value) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)));
  }
  switch (isScalarType(type) ? type.name : '') {
    case 'ID':
      return idsFor(name);
    case 'Int':
      return anyInt;
    case 'Float':
      return fc.double();
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return fc.oneof(
        fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'bad' : d.toISOString())),
        anyString,
      );
    default:
      return anyString;
  }
}

/** A selection of every field without arguments, `depth` levels down: whatever a response can reveal. */
export function selectionOf(type: GraphQLOutputType, depth = 2): string {
  const named = getNamedType(type);
  if (!isObjectType(named) && !isInterfaceType(named)) return '';
  const parts: string[] = ['__typename'];
  for (const field of Object.values(named.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (field.args.length > 0) continue;
    const inner = getNamedType(field.type);
    if (isObjectType(inner) || isInterfaceType(inner)) {
      if (depth > 0) parts.push(`${field.name} ${selectionOf(field.type, depth - 1)}`);
    } else {
      parts.push(field.name);
    }
  }
  return `{ ${parts.join(' ')} }`;
}
