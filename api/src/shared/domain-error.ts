/**
 * An expected failure, told to the client as `extensions.code`. Anything
 * else that is thrown is unexpected and gets masked at the edge.
 */
export class DomainError extends Error {
  readonly code: string;
  /** The input field at fault, when there is one. */
  readonly field: string | undefined;

  constructor(code: string, message: string, options: { field?: string } = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.field = options.field;
  }
}
