// A GetCustomersList answer read as the app reads it: `objects.customers` (each with `customer_id` and
// `display_name`), `objects.next_page_token` and `objects.searchable`; or the one reason it cannot be read.
import type { Exchange } from './callback-client.ts';
import { answered, isSuccess } from './check-result.ts';

export interface ListedCustomer {
  customer_id: string;
  display_name: string;
}

export interface ListPage {
  customers: ListedCustomer[];
  nextPageToken: string | undefined;
  searchable: boolean | undefined;
}

export type ReadPage = { page: ListPage; problem?: undefined } | { page?: undefined; problem: string };

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function readListPage(exchange: Exchange): ReadPage {
  if (!isSuccess(exchange) || exchange.json === undefined) return { problem: answered(exchange) };
  const body = exchange.json;
  if (!isObject(body) || !isObject(body.objects)) return { problem: 'the answer has no `objects` object' };
  const { customers, next_page_token: token, searchable } = body.objects;
  if (!Array.isArray(customers)) return { problem: '`objects.customers` is not an array' };
  for (const [index, customer] of customers.entries()) {
    if (!isObject(customer)) return { problem: `customers[${index}] is not an object` };
    if (typeof customer.customer_id !== 'string' || customer.customer_id === '')
      return { problem: `customers[${index}] has no string customer_id` };
    if (typeof customer.display_name !== 'string' || customer.display_name === '')
      return { problem: `customer ${customer.customer_id} has no string display_name` };
    if (/[\r\n]/.test(customer.display_name))
      return {
        problem: `customer ${customer.customer_id}: display_name spans lines (the list does not wrap)`,
      };
  }
  if (token !== undefined && token !== null && typeof token !== 'string')
    return { problem: '`objects.next_page_token` is not a string' };
  if (searchable !== undefined && typeof searchable !== 'boolean')
    return { problem: '`objects.searchable` is not a boolean' };
  return {
    page: {
      customers: customers as ListedCustomer[],
      // An empty token is read as none, as the app does not send an empty NextPageToken.
      nextPageToken: typeof token === 'string' && token !== '' ? token : undefined,
      searchable: typeof searchable === 'boolean' ? searchable : undefined,
    },
  };
}
