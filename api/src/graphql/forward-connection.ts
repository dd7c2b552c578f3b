// Every list of the API pages forwards by keyset (`first`, `after`): one way
// to refuse the backward arguments Relay connections also carry, and one way
// to wrap a page as a connection.
import { DomainError } from '../shared/domain-error.ts';

export function refuseBackwardPaging(args: { last?: number | null; before?: string | null }, what: string): void {
  if (args.last != null || args.before != null) {
    throw new DomainError('BAD_USER_INPUT', `${what} page forwards only: use first and after.`, {
      field: args.last != null ? 'last' : 'before',
    });
  }
}

export function forwardConnection<T>(items: readonly T[], cursorOf: (item: T) => string, hasNextPage: boolean) {
  const edges = items.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
