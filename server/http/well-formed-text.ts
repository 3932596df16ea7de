import type { Plugin } from 'graphql-yoga';
import { AppError } from '../errors.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DEPTH = 32;

function holdsLoneSurrogate(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return false;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    if (holdsLoneSurrogate(item, depth + 1)) return true;
  }
  return false;
}

const refusal = () => new AppError('BAD_USER_INPUT', 'Text must be valid Unicode: it holds half of a surrogate pair.');

/**
 * Refuses variables holding a lone UTF-16 surrogate (JSON allows "\ud800"; GraphQL's lexer
 * already refuses one in a literal). UTF-8 cannot store it: SQLite would keep replacement
 * characters, so a body would read back changed and two different clientIds could collide.
 * Refused before execution, so nothing is stored.
 */
export function useWellFormedText(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (holdsLoneSurrogate(args.variableValues)) setResultAndStopExecution({ errors: [refusal()] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      if (holdsLoneSurrogate(args.variableValues)) setResultAndStopExecution({ errors: [refusal()] });
    },
  };
}
