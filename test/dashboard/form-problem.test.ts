// A dashboard form marks only the field its last problem names, and that
// field points at the message, so a screen reader hears why on the field.

import { describe, expect, it } from 'vitest';
import { fieldErrorOf, invalidAttributes } from '../../portal/src/dashboard/errors.ts';

/** urql's CombinedError, as the dashboard reads it. */
type CombinedError = Parameters<typeof fieldErrorOf>[0];

const MESSAGE_ID = 'problem-1';

describe('which field a form problem marks', () => {
  it('marks the named field invalid and points it at the message', () => {
    const problem = { message: 'Enter a name.', code: 'BAD_USER_INPUT', field: 'name' };
    expect(invalidAttributes(problem, 'name', MESSAGE_ID)).toEqual({ 'aria-invalid': 'true', 'aria-describedby': MESSAGE_ID });
  });

  it('leaves every other field unmarked', () => {
    const problem = { message: 'Enter a name.', code: 'BAD_USER_INPUT', field: 'name' };
    expect(invalidAttributes(problem, 'email', MESSAGE_ID)).toEqual({});
  });

  it('marks no field when there is no problem, or the problem names none (the network, a conflict)', () => {
    expect(invalidAttributes(null, 'name', MESSAGE_ID)).toEqual({});
    const networkProblem = fieldErrorOf({ graphQLErrors: [] } as unknown as CombinedError);
    expect(networkProblem.field).toBeUndefined();
    expect(invalidAttributes(networkProblem, 'name', MESSAGE_ID)).toEqual({});
  });

  it('reads the field an API error names from its extensions', () => {
    const error = {
      graphQLErrors: [{ message: 'Too long.', extensions: { code: 'BAD_USER_INPUT', field: 'note' } }],
    } as unknown as CombinedError;
    const problem = fieldErrorOf(error);
    expect(problem).toEqual({ message: 'Too long.', code: 'BAD_USER_INPUT', field: 'note' });
    expect(invalidAttributes(problem, 'note', MESSAGE_ID)).toEqual({ 'aria-invalid': 'true', 'aria-describedby': MESSAGE_ID });
  });
});
