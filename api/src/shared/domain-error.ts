import type { ErrorCode } from './error-codes.ts';

/**
 * An expected failure, told to the client as `extensions.code`: one of the
 * catalogued codes (error-codes.ts). Anything else that is thrown is
 * unexpected and gets masked at the edge.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  /** The input field at fault, when there is one. */
  readonly field: string | undefined;
  /** What the client needs to continue, told in `extensions` beside the code (never anything to log). */
  readonly details: Readonly<Record<string, string>> | undefined;

  constructor(code: ErrorCode, message: string, options: { field?: string; details?: Record<string, string> } = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }
}
