// The edge between failures and clients. Expected failures keep their code
// and message; anything else becomes "Unexpected error." with the request id,
// and the details go to the log only.
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { DomainError } from '../shared/domain-error.ts';
import type { Logger } from '../shared/logger.ts';

export function createErrorMasker(logger: Logger) {
  return (error: unknown): Error => {
    const graphQLError = error instanceof GraphQLError ? error : undefined;
    const original = graphQLError?.originalError ?? error;
    if (original instanceof DomainError) {
      return createGraphQLError(original.message, {
        ...(graphQLError?.path ? { path: graphQLError.path } : {}),
        extensions: { ...original.details, code: original.code, ...(original.field ? { field: original.field } : {}) },
      });
    }
    if (original instanceof PothosValidationError) {
      return createGraphQLError(original.message, {
        ...(graphQLError?.path ? { path: graphQLError.path } : {}),
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    if (graphQLError && (!graphQLError.originalError || graphQLError.originalError instanceof GraphQLError)) {
      // Already meant for the client (validation, variables, limits).
      return graphQLError;
    }
    logger.error({ err: original, path: graphQLError?.path }, 'unexpected error while executing a GraphQL request');
    return createGraphQLError('Unexpected error.', {
      ...(graphQLError?.path ? { path: graphQLError.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
}

/** Gives the errors graphql-js raises itself a code, as clients expect of every error. */
export function useErrorCodes(): Plugin {
  const withCode = (error: GraphQLError, code: string) =>
    error.extensions?.code
      ? error
      : createGraphQLError(error.message, {
          nodes: error.nodes,
          source: error.source,
          positions: error.positions,
          extensions: { ...error.extensions, code },
        });
  return {
    onParse:
      () =>
      ({ result, replaceParseResult }) => {
        if (result instanceof GraphQLError) replaceParseResult(withCode(result, 'GRAPHQL_PARSE_FAILED'));
      },
    onValidate:
      () =>
      ({ result, setResult }) => {
        if (result.length > 0) setResult(result.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')));
      },
    onExecute: () => ({
      onExecuteDone: ({ result, setResult }) => {
        // Variables that do not fit their types fail before any field runs: no data, no path.
        if ('errors' in result && result.errors && result.data === undefined) {
          setResult({ ...result, errors: result.errors.map((error) => (error.path ? error : withCode(error, 'BAD_USER_INPUT'))) });
        }
      },
    }),
  };
}
