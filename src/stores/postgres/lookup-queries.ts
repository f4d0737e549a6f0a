// The SQL of the one-customer lookups: where a customer stands (positionOf) and the whole customer (get). Both are
// a primary-key lookup, plus one assignments primary-key lookup in a worker's scope.
import type { Scope } from '../../directory/customer-store.ts';
import type { SearchQuery } from '../../directory/text-key.ts';
import { type Bind, binder, inWorkerScope, keysOf, type PageQuery, tierOf } from './sql-fragments.ts';

function scoped(scope: Scope, bind: Bind): string {
  return scope.kind === 'all' ? '' : ` AND ${inWorkerScope(bind(scope.workerKey))}`;
}

/** tier is null when the customer is in scope but the search does not match it. */
export function positionQuery(customerId: string, scope: Scope, search: SearchQuery | null): PageQuery {
  const { values, bind } = binder();
  const where = `c.customer_id = ${bind(customerId)}${scoped(scope, bind)}`;
  const tier = search === null ? '0' : tierOf(keysOf('c'), search, bind);
  return {
    text: `SELECT ${tier} AS tier, c.name_key, c.customer_id FROM customers AS c WHERE ${where}`,
    values,
  };
}

export function customerQuery(customerId: string, scope: Scope): PageQuery {
  const { values, bind } = binder();
  const where = `c.customer_id = ${bind(customerId)}${scoped(scope, bind)}`;
  return {
    text: `SELECT c.customer_id, c.display_name, c.avatar, c.doc FROM customers AS c WHERE ${where}`,
    values,
  };
}

/** The customer with a channel at this address: one of its own type first, then the lowest customer_id. */
export function addressQuery(key: string, type: string): PageQuery {
  return {
    text: `SELECT c.customer_id, c.display_name, c.avatar, c.doc, c.workers
      FROM customer_addresses AS a JOIN customers AS c ON c.customer_id = a.customer_id
      WHERE a.address = $1 ORDER BY a.channel_type <> $2, a.customer_id LIMIT 1`,
    values: [key, type],
  };
}
