// The queue's kind filter lives in the page address like the other filters.
import { describe, expect, it } from 'vitest';
import { apiFilterOf, DEFAULT_VIEW, parseQueueView, queueViewUrl } from '../../portal/src/dashboard/queue-view.ts';

const USER = '0b6f2c1e-5d3a-4e8b-9f61-2c7d8e9a0b14';

describe('the queue filtered by kind', () => {
  it('writes the kind into the address and reads it back', () => {
    const view = { ...DEFAULT_VIEW, kind: 'PORTABILITY' } as const;
    const url = queueViewUrl('leenops', view);
    expect(url).toBe('/dashboard/requests/?org=leenops&kind=PORTABILITY');
    expect(parseQueueView(new URL(url, 'https://portal.example').search)).toEqual(view);
  });

  it('asks the API for requests of that kind', () => {
    expect(apiFilterOf(parseQueueView('?kind=CORRECTION&status=any'), USER)).toEqual({ kind: 'CORRECTION' });
  });

  it('ignores a kind the queue does not offer', () => {
    expect(parseQueueView('?kind=EVERYTHING')).toEqual(DEFAULT_VIEW);
    expect(parseQueueView('?kind=access')).toEqual(DEFAULT_VIEW);
  });
});
