// The deletion queue's view (its filters) as the page address carries it, so
// a view can be shared, bookmarked and reached with the back button, and the
// overview's cards can open the queue on exactly the work they count. Pure:
// the queue island and the overview read and write addresses through it.

import { JURISDICTIONS, type Jurisdiction } from '@governance/policies/vocabulary/intake-messages';
import { PRIVACY_REQUEST_KINDS, type PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';
import { requestQueueUrl } from '@governance/policies/vocabulary/urls';

export const REQUEST_STATUSES = [
  'UNVERIFIED',
  'VERIFIED',
  'IN_PROGRESS',
  'ON_HOLD',
  'COMPLETED',
  'REJECTED',
  'CANCELLED',
  'EXPIRED',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const OPEN_STATUSES: readonly RequestStatus[] = ['UNVERIFIED', 'VERIFIED', 'IN_PROGRESS', 'ON_HOLD'];

/** How far ahead "due soon" looks, in days. */
export const DUE_SOON_DAYS = 7;
const MAX_DUE_WITHIN_DAYS = 366;
const MAX_SEARCH = 320;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface QueueView {
  /** OPEN (the default: the work still to do), ANY, or one status. */
  status: 'OPEN' | 'ANY' | RequestStatus;
  /** 'me' (whoever opens the link), 'none', a staff user id, or anyone. */
  assignee: 'me' | 'none' | string | null;
  jurisdiction: Jurisdiction | null;
  /** Requests asking for this kind, alone or among others; absent for any kind (views written before kinds read the same). */
  kind?: PrivacyRequestKind;
  overdue: boolean;
  /** Open requests not yet overdue, due within this many days. */
  dueWithinDays: number | null;
  q: string;
}

export const DEFAULT_VIEW: QueueView = {
  status: 'OPEN',
  assignee: null,
  jurisdiction: null,
  overdue: false,
  dueWithinDays: null,
  q: '',
};

const oneOf = <T extends string>(choices: readonly T[], value: string | null): T | null =>
  value !== null && (choices as readonly string[]).includes(value) ? (value as T) : null;

/** The view an address asks for; a value that is not one the queue offers falls back to the default, never to an error. */
export function parseQueueView(search: string): QueueView {
  const params = new URLSearchParams(search);
  const kind = oneOf(PRIVACY_REQUEST_KINDS, params.get('kind'));
  const status = params.get('status');
  const assignee = params.get('assignee');
  const due = Number(params.get('due'));
  return {
    status: status === 'any' ? 'ANY' : (oneOf(REQUEST_STATUSES, status) ?? 'OPEN'),
    assignee: assignee === 'me' || assignee === 'none' || (assignee && UUID.test(assignee)) ? assignee : null,
    jurisdiction: oneOf(JURISDICTIONS, params.get('jurisdiction')),
    ...(kind ? { kind } : {}),
    overdue: params.get('overdue') === '1',
    dueWithinDays: Number.isInteger(due) && due >= 1 && due <= MAX_DUE_WITHIN_DAYS ? due : null,
    q: (params.get('q') ?? '').trim().slice(0, MAX_SEARCH),
  };
}

/** The queue's address for `view` in `organization`: only what differs from the default is written. */
export function queueViewUrl(organization: string, view: Partial<QueueView>): string {
  const full = { ...DEFAULT_VIEW, ...view };
  const params = new URLSearchParams();
  if (full.status !== 'OPEN') params.set('status', full.status === 'ANY' ? 'any' : full.status);
  if (full.assignee) params.set('assignee', full.assignee);
  if (full.jurisdiction) params.set('jurisdiction', full.jurisdiction);
  if (full.kind) params.set('kind', full.kind);
  if (full.overdue) params.set('overdue', '1');
  if (full.dueWithinDays) params.set('due', String(full.dueWithinDays));
  if (full.q) params.set('q', full.q);
  const query = params.toString();
  return `${requestQueueUrl(organization)}${query ? `&${query}` : ''}`;
}

/** The API's filter for `view`, as seen by the user `userId` ("me"). */
export function apiFilterOf(view: QueueView, userId: string) {
  return {
    ...(view.status === 'OPEN' ? { status: [...OPEN_STATUSES] } : view.status === 'ANY' ? {} : { status: [view.status] }),
    ...(view.assignee === 'me'
      ? { assignee: userId }
      : view.assignee === 'none'
        ? { unassigned: true }
        : view.assignee
          ? { assignee: view.assignee }
          : {}),
    ...(view.jurisdiction ? { jurisdiction: view.jurisdiction } : {}),
    ...(view.kind ? { kind: view.kind } : {}),
    ...(view.overdue ? { overdue: true } : {}),
    ...(view.dueWithinDays ? { dueWithinDays: view.dueWithinDays } : {}),
    ...(view.q ? { q: view.q } : {}),
  };
}
