// The edge between failures and clients. Expected failures keep their code
// and message; anything else becomes "Unexpected error." with the request id,
// and the details go to the log only.
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin, type YogaLogger } from 'graphql-yoga';
import { DomainError } from '../shared/domain-error.ts';
import type { Logger } from '../shared/logger.ts';

/**
 * The masker and the logger Yoga reports through, sharing what the masker
 * has already logged. Yoga logs every error the masker changed at error
 * level, stack and all; but a refusal (FORBIDDEN, BAD_USER_INPUT,
 * RATE_LIMITED, any DomainError) is the product working as meant. The masker
 * logs each error once, at the level it deserves, and Yoga's copy of that
 * line is dropped: error level stays for the unexpected.
 */
export function createErrorHandling(logger: Logger): { maskError: (error: unknown) => Error; yogaLogger: YogaLogger } {
  const logged = new WeakSet<object>();
  const maskError = (error: unknown): Error => {
    if (typeof error === 'object' && error !== null) logged.add(error);
    const graphQLError = error instanceof GraphQLError ? error : undefined;
    const original = graphQLError?.originalError ?? error;
    const path = graphQLError?.path ? { path: graphQLError.path } : {};
    if (original instanceof DomainError) {
      const refusal = { code: original.code, ...(original.field ? { field: original.field } : {}) };
      // The code, field and path say what was refused; the message may quote what the client sent,
      // and the details (a sign-in challenge) are for the client alone.
      logger.info({ ...refusal, ...path }, 'request refused');
      return createGraphQLError(original.message, { ...path, extensions: { ...original.details, ...refusal } });
    }
    if (original instanceof PothosValidationError) {
      logger.info({ code: 'BAD_USER_INPUT', ...path }, 'request refused');
      return createGraphQLError(original.message, { ...path, extensions: { code: 'BAD_USER_INPUT' } });
    }
    if (graphQLError && (!graphQLError.originalError || graphQLError.originalError instanceof GraphQLError)) {
      // Already meant for the client (validation, variables, limits).
      return graphQLError;
    }
    logger.error({ err: original, ...path }, 'unexpected error while executing a GraphQL request');
    return createGraphQLError('Unexpected error.', { ...path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  };
  const yogaLogger: YogaLogger = {
    debug: (...args) => logger.debug(...(args as [unknown])),
    info: (...args) => logger.info(...(args as [unknown])),
    warn: (...args) => logger.warn(...(args as [unknown])),
    error: (...args) => {
      const [first] = args;
      if (typeof first === 'object' && first !== null && logged.has(first)) return;
      logger.error(...(args as [unknown]));
    },
  };
  return { maskError, yogaLogger };
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
