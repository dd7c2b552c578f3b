// A list the API returns, as a table: every list screen showed the same
// states before its rows (ListStates) and the same table around them, with a
// column header each and, for rows with buttons, a last header only screen
// readers hear. Narrow screens show each row as a card (dash-table-cards).
import type { AnyVariables } from '@urql/core';
import type { UseQueryResponse } from '@urql/preact';
import type { ComponentChildren } from 'preact';
import { ListStates } from './States.tsx';

interface Props<Data, Variables extends AnyVariables, Row> {
  /** The list's query, as useQuery returns it: its retry goes to the network. */
  query: UseQueryResponse<Data, Variables>;
  rows: (data: Data) => readonly Row[];
  loading: string;
  empty: ComponentChildren;
  caption: ComponentChildren;
  columns: readonly string[];
  /** The rows end with a cell of buttons. */
  actions?: boolean;
  /** Wide tables become cards on narrow screens; a short one stays a table. */
  cards?: boolean;
  /** One row: a <tr> with its key, its first cell a <RowTitle>. */
  children: (row: Row) => ComponentChildren;
}

export function ListTable<Data, Variables extends AnyVariables, Row>({
  query: [{ data, fetching, error }, reexecute],
  rows,
  loading,
  empty,
  caption,
  columns,
  actions = false,
  cards = true,
  children,
}: Props<Data, Variables, Row>) {
  const items = data ? rows(data) : null;
  return (
    <>
      <ListStates
        error={error}
        fetching={fetching}
        items={items}
        retry={() => reexecute({ requestPolicy: 'network-only' })}
        loading={loading}
        empty={empty}
      />
      {items && items.length > 0 && (
        <div class="dash-table-wrap">
          <table class={cards ? 'dash-table dash-table-cards' : 'dash-table'}>
            <caption>{caption}</caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
                {actions && (
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>{items.map(children)}</tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** The cell that names a row; on a narrow screen it is the card's title. */
export function RowTitle({ children }: { children: ComponentChildren }) {
  return (
    <th scope="row" class="dash-card-title">
      {children}
    </th>
  );
}
