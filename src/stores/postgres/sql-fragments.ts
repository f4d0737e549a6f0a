// The pieces every list statement is built from: bound values ($1, $2…), the walk a scope takes, the tier-1 filter,
// the page's ORDER BY and LIMIT. Values are always bound, never spliced into SQL.
import type { Scope } from '../../directory/customer-store.ts';
import type { SearchQuery } from '../../directory/text-key.ts';

export interface PageQuery {
  text: string;
  values: unknown[];
}

/** A position inside one tier. */
export interface Cursor {
  name: string;
  customerId: string;
}

export type Bind = (value: unknown) => string;

export function binder(): { values: unknown[]; bind: Bind } {
  const values: unknown[] = [];
  return { values, bind: (value) => `$${values.push(value)}` };
}

export const SUMMARY_COLUMNS = 'c.customer_id, c.display_name, c.avatar, c.name_key';

/** The rows a page walks in order: the whole name index, or one worker's slice of the assignments key. */
export function walk(scope: Scope, bind: Bind): { from: string; key: 'a' | 'c'; where: string[] } {
  if (scope.kind === 'all') return { from: 'customers AS c', key: 'c', where: [] };
  return {
    from: 'assignments AS a JOIN customers AS c ON c.customer_id = a.customer_id',
    key: 'a',
    where: [`a.worker_key = ${bind(scope.workerKey)}`],
  };
}

export function page(from: string, k: string, where: string[], limit: string): string {
  const filter = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  return `SELECT ${SUMMARY_COLUMNS} FROM ${from}${filter} ORDER BY ${k}.name_key, ${k}.customer_id LIMIT ${limit}`;
}

export function afterCursor(k: string, after: Cursor | null, bind: Bind): string[] {
  return after === null
    ? []
    : [`(${k}.name_key, ${k}.customer_id) > (${bind(after.name)}, ${bind(after.customerId)})`];
}

// strpos, never LIKE, in filters: it has no wildcards, and it keeps the planner from trading the ordered walk for
// a trigram bitmap scan and a sort.
export function tierOneFilter(k: string, search: SearchQuery, bind: Bind): string[] {
  const text = bind(search.text);
  const phone = search.digits === null ? '' : ` OR strpos(c.phone_key, ${bind(search.digits)}) > 0`;
  return [
    `strpos(${k}.name_key, ${text}) <> 1`,
    `(strpos(${k}.name_key, ${text}) > 0 OR strpos(c.email_key, ${text}) > 0${phone})`,
  ];
}

/** `c` is assigned to the worker: one primary-key lookup, since a customer's row holds the rest of the key. */
export function inWorkerScope(worker: string): string {
  return `EXISTS (SELECT 1 FROM assignments AS s
    WHERE s.worker_key = ${worker} AND s.name_key = c.name_key AND s.customer_id = c.customer_id)`;
}
