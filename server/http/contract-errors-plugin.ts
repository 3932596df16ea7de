import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { toClientError } from '../errors.js';

/**
 * Yoga answers parse and validation failures before masking runs, with codes of its own
 * (GRAPHQL_VALIDATION_FAILED, GRAPHQL_PARSE_FAILED). The contract allows only its seven
 * codes, so every error of a finished result passes through the one mapping.
 */
export function useContractErrorCodes(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !isExecutionResult(result) || !result.errors?.length) return;
      setResult({ ...result, errors: result.errors.map((error) => toClientError(error)) });
    },
  };
}

function isExecutionResult(value: unknown): value is ExecutionResult {
  return typeof value === 'object' && value !== null && 'errors' in value;
}
