import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types the widget's operations from the committed SDL (`npm run schema` refreshes it).
 * `documentMode: 'string'` keeps the bundle small: operations ship as strings that urql
 * parses with its tiny parser, not as pre-built ASTs; `enumsAsTypes` avoids runtime enums.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['widget/**/*.ts', '!widget/graphql/generated/**'],
  emitLegacyCommonJSImports: false,
  generates: {
    'widget/graphql/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
        scalars: { DateTime: 'string' },
      },
    },
  },
};

export default config;
