import {
  ACTIONS,
  allowedActions,
  type LifecycleState,
  STATUSES,
  type Status,
  transition,
} from '@governance/api/deletion-requests/lifecycle';
import { describe, expect, it } from 'vitest';

const at = (status: Status, statusBeforeHold: Status | null = null): LifecycleState => ({ status, statusBeforeHold });

/** Every status and action, with the outcome expected: a status, or refused. */
const EXPECTED: Record<Status, Record<string, Status>> = {
  UNVERIFIED: { VERIFY: 'VERIFIED', HOLD: 'ON_HOLD', REJECT: 'REJECTED', CANCEL: 'CANCELLED', EXPIRE: 'EXPIRED' },
  VERIFIED: { START: 'IN_PROGRESS', HOLD: 'ON_HOLD', REJECT: 'REJECTED', CANCEL: 'CANCELLED' },
  IN_PROGRESS: { COMPLETE: 'COMPLETED', HOLD: 'ON_HOLD', REJECT: 'REJECTED', CANCEL: 'CANCELLED' },
  ON_HOLD: { RESUME: 'IN_PROGRESS', REJECT: 'REJECTED', CANCEL: 'CANCELLED' },
  COMPLETED: {},
  REJECTED: {},
  CANCELLED: {},
  EXPIRED: {},
};

describe('the deletion request lifecycle', () => {
  for (const status of STATUSES) {
    for (const action of ACTIONS) {
      const expected = EXPECTED[status][action];
      const state = status === 'ON_HOLD' ? at('ON_HOLD', 'IN_PROGRESS') : at(status);
      it(`${status} + ${action} → ${expected ?? 'refused'}`, () => {
        if (expected) {
          expect(transition(state, action).status).toBe(expected);
        } else {
          expect(() => transition(state, action)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
        }
      });
    }
  }

  it('offers exactly the actions it accepts', () => {
    for (const status of STATUSES) {
      const state = status === 'ON_HOLD' ? at('ON_HOLD', 'VERIFIED') : at(status);
      expect(allowedActions(state), status).toEqual(ACTIONS.filter((action) => EXPECTED[status][action]));
    }
  });

  it('returns from a hold to where the request was, waiting for identity included', () => {
    const held = transition(at('UNVERIFIED'), 'HOLD');
    expect(held).toEqual({ status: 'ON_HOLD', statusBeforeHold: 'UNVERIFIED' });
    expect(transition(held, 'RESUME')).toEqual({ status: 'UNVERIFIED', statusBeforeHold: null });
    expect(transition(transition(at('VERIFIED'), 'HOLD'), 'RESUME').status).toBe('VERIFIED');
  });

  it('explains a refusal with what the request can do instead', () => {
    expect(() => transition(at('VERIFIED'), 'COMPLETE')).toThrow(
      'A request that is VERIFIED cannot take COMPLETE; it can take START, HOLD, REJECT, CANCEL.',
    );
    expect(() => transition(at('COMPLETED'), 'CANCEL')).toThrow('A request that is COMPLETED cannot take CANCEL; it is closed.');
  });
});
