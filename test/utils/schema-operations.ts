import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { globalId } from '../../server/schema/ids.js';

export interface SchemaOperation {
  kind: 'query' | 'mutation' | 'subscription';
  field: string;
  /** A valid document calling only this field, with placeholder values for its required arguments. */
  document: string;
}

const SCALAR_PLACEHOLDERS: Record<string, string> = {
  // A well-formed id that names nothing, so a refusal is about the caller, not about the id's shape.
  ID: JSON.stringify(globalId('Room', '00000000-0000-4000-8000-000000000000')),
  String: '"placeholder"',
  Int: '1',
  Float: '1.5',
  Boolean: 'true',
  DateTime: '"2024-01-01T00:00:00.000Z"',
};

/** A literal of the given input type that passes validation (required fields only). */
function placeholder(type: GraphQLInputType): string {
  if (isNonNullType(type)) return placeholder(type.ofType);
  if (isListType(type)) return `[${placeholder(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type));
    return `{ ${fields.map((f) => `${f.name}: ${placeholder(f.type)}`).join(', ')} }`;
  }
  if (isScalarType(type) && type.name in SCALAR_PLACEHOLDERS) return SCALAR_PLACEHOLDERS[type.name];
  throw new Error(`no placeholder for ${String(type)}`);
}

function call(field: GraphQLField<unknown, unknown>): string {
  const args = field.args.filter((a) => isNonNullType(a.type)).map((a) => `${a.name}: ${placeholder(a.type)}`);
  const named = getNamedType(field.type);
  const selection = isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
  return `${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection}`;
}

/**
 * Every root field of the committed `schema.graphql`, each as its own operation, so a sweep
 * covers operations added later without anyone remembering to list them.
 */
export function schemaOperations(schemaFile = path.resolve('schema.graphql')): SchemaOperation[] {
  const schema = buildSchema(fs.readFileSync(schemaFile, 'utf8'));
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const;
  return roots.flatMap(([kind, type]) =>
    type
      ? Object.values(type.getFields()).map((field) => ({
          kind,
          field: field.name,
          document: `${kind} { ${call(field)} }`,
        }))
      : [],
  );
}
