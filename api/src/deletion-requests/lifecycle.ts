// The closed state machine of a deletion request. Every change of status
// goes through `transition`, which refuses anything the table does not list;
// `allowedActions` is what the API offers as `allowedTransitions`.
import { DomainError } from '../shared/domain-error.ts';

export const STATUSES = ['UNVERIFIED', 'VERIFIED', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'REJECTED', 'CANCELLED', 'EXPIRED'] as const;
export type Status = (typeof STATUSES)[number];

export const ACTIONS = ['VERIFY', 'START', 'HOLD', 'RESUME', 'COMPLETE', 'REJECT', 'CANCEL', 'EXPIRE'] as const;
export type Action = (typeof ACTIONS)[number];

/** Where a request is, and where RESUME returns it to. */
export interface LifecycleState {
  status: Status;
  /** Set while ON_HOLD: the status the request had when it was put on hold. */
  statusBeforeHold: Status | null;
}

/** PREVIOUS: back to the status before the hold. */
const TRANSITIONS: Record<Status, Partial<Record<Action, Status | 'PREVIOUS'>>> = {
  // A hold before verification is the wait for proof of identity.
  UNVERIFIED: { VERIFY: 'VERIFIED', HOLD: 'ON_HOLD', REJECT: 'REJECTED', CANCEL: 'CANCELLED', EXPIRE: 'EXPIRED' },
  VERIFIED: { START: 'IN_PROGRESS', HOLD: 'ON_HOLD', REJECT: 'REJECTED', CANCEL: 'CANCELLED' },
  IN_PROGRESS: { COMPLETE: 'COMPLETED', HOLD: 'ON_HOLD', REJECT: 'REJECTED', CANCEL: 'CANCELLED' },
  ON_HOLD: { RESUME: 'PREVIOUS', REJECT: 'REJECTED', CANCEL: 'CANCELLED' },
  COMPLETED: {},
  REJECTED: {},
  CANCELLED: {},
  EXPIRED: {},
};

export const CLOSED_STATUSES: readonly Status[] = ['COMPLETED', 'REJECTED', 'CANCELLED', 'EXPIRED'];

export const isClosed = (status: Status) => CLOSED_STATUSES.includes(status);

export function allowedActions(state: LifecycleState): Action[] {
  return ACTIONS.filter((action) => TRANSITIONS[state.status][action] !== undefined);
}

export function transition(state: LifecycleState, action: Action): LifecycleState {
  const target = TRANSITIONS[state.status][action];
  if (target === undefined) {
    const allowed = allowedActions(state);
    throw new DomainError(
      'INVALID_TRANSITION',
      `A request that is ${state.status} cannot take ${action}; ${allowed.length > 0 ? `it can take ${allowed.join(', ')}` : 'it is closed'}.`,
    );
  }
  if (target === 'PREVIOUS') {
    if (!state.statusBeforeHold) throw new Error('a request on hold must remember the status it was put on hold from');
    return { status: state.statusBeforeHold, statusBeforeHold: null };
  }
  return { status: target, statusBeforeHold: target === 'ON_HOLD' ? state.status : null };
}
