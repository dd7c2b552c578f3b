import type { CombinedError } from '@urql/core';

export interface FieldError {
  message: string;
  code: string | undefined;
  field: string | undefined;
}

/** The first error of a result as a person should read it, with the input field it names. */
export function fieldErrorOf(error: CombinedError): FieldError {
  const first = error.graphQLErrors[0];
  if (first) {
    const extensions = first.extensions as { code?: string; field?: string };
    return { message: first.message, code: extensions.code, field: extensions.field };
  }
  return { message: 'The server could not be reached. Check your connection and try again.', code: 'NETWORK_ERROR', field: undefined };
}

/**
 * The attributes of a form field when the last problem names it: marked
 * invalid and pointing at the message. Only that field is marked; a problem
 * of no field (the network, a conflict) marks none.
 */
export function invalidAttributes(
  problem: Pick<FieldError, 'field'> | null,
  field: string,
  messageId: string,
): { 'aria-invalid'?: 'true'; 'aria-describedby'?: string } {
  return problem?.field === field ? { 'aria-invalid': 'true', 'aria-describedby': messageId } : {};
}
