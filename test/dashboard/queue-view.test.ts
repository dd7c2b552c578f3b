// The deletion queue's filters live in the page address: whoever writes the
// link, the queue reads only views it offers, and writes back the same address.
import { describe, expect, it } from 'vitest';
import { apiFilterOf, DEFAULT_VIEW, parseQueueView, queueViewUrl } from '../../portal/src/dashboard/queue-view.ts';

const USER = '0b6f2c1e-5d3a-4e8b-9f61-2c7d8e9a0b14';

describe('the queue view in the address', () => {
  it('shows open requests when the address names no filter', () => {
    expect(parseQueueView('?org=leenops')).toEqual(DEFAULT_VIEW);
    expect(apiFilterOf(DEFAULT_VIEW, USER)).toEqual({ status: ['UNVERIFIED', 'VERIFIED', 'IN_PROGRESS', 'ON_HOLD'] });
  });

  it('writes a view and reads it back unchanged', () => {
    const view = { status: 'ANY', assignee: 'me', jurisdiction: 'CCPA', overdue: true, dueWithinDays: 7, q: 'DR-2026-7K3Q9' } as const;
    const url = queueViewUrl('leenops', view);
    expect(url).toBe('/dashboard/requests/?org=leenops&status=any&assignee=me&jurisdiction=CCPA&overdue=1&due=7&q=DR-2026-7K3Q9');
    expect(parseQueueView(new URL(url, 'https://portal.example').search)).toEqual(view);
  });

  it('asks the API for "me" as the signed-in user, and for nobody as unassigned', () => {
    expect(apiFilterOf({ ...DEFAULT_VIEW, status: 'ANY', assignee: 'me' }, USER)).toEqual({ assignee: USER });
    expect(apiFilterOf({ ...DEFAULT_VIEW, status: 'COMPLETED', assignee: 'none' }, USER)).toEqual({
      status: ['COMPLETED'],
      unassigned: true,
    });
  });

  it('falls back to the default for any value the queue does not offer', () => {
    const view = parseQueueView(`?status=DELETED&assignee=x'--&jurisdiction=EU&overdue=yes&due=9999&q=${'a'.repeat(500)}`);
    expect({ ...view, q: '' }).toEqual(DEFAULT_VIEW);
    expect(view.q).toHaveLength(320);
    expect(parseQueueView('?due=0').dueWithinDays).toBeNull();
    expect(parseQueueView('?due=2.5').dueWithinDays).toBeNull();
  });
});
