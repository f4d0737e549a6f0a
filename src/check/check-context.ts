// What every check is given: the options of the run and a client that speaks the CRM callback's two operations.
import type { CallbackClient, Exchange } from './callback-client.ts';
import { type ReadPage, readListPage } from './list-page.ts';

export interface CheckOptions {
  crmUrl: string;
  /** One or more worker identities; isolation needs two. */
  workers: string[];
  authToken: string;
  outgoingUrl: string | undefined;
  templatesUrl: string | undefined;
  /** The budget of one request: Frontline logs error 48005 past 6 s. */
  timeoutMs: number;
  /** A crawl stops (with a warning) after this many customers. */
  maxCustomers: number;
  /** The PageSize the app sends. */
  pageSize: number;
}

export interface CheckContext {
  options: CheckOptions;
  client: CallbackClient;
  list(worker: string, fields: Record<string, string>, label: string): Promise<ListAnswer>;
  details(worker: string, customerId: string, label: string): Promise<Exchange>;
}

export type ListAnswer = ReadPage & { exchange: Exchange };

export function checkContext(options: CheckOptions, client: CallbackClient): CheckContext {
  return {
    options,
    client,
    async list(worker, fields, label) {
      const exchange = await client.post(
        options.crmUrl,
        { Location: 'GetCustomersList', Worker: worker, ...fields },
        `GetCustomersList as ${worker}, ${label}`,
      );
      return { ...readListPage(exchange), exchange };
    },
    details: (worker, customerId, label) =>
      client.post(
        options.crmUrl,
        { Location: 'GetCustomerDetailsByCustomerId', Worker: worker, CustomerId: customerId },
        `GetCustomerDetailsByCustomerId as ${worker}, ${label}`,
      ),
  };
}
