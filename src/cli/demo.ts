// `frontline demo` (npm run demo): a service you can curl in a minute. SQLite file seeded with demo customers,
// bound to 127.0.0.1, signature checks off (the config refuses that anywhere but loopback).
import { assertServable, loadConfig } from '../config.ts';
import { demoRecords } from '../directory/demo-data.ts';
import { openStore } from '../directory/open-store.ts';
import type { CustomerStore } from '../directory/store.ts';
import { workerKey } from '../directory/store.ts';
import { parse } from './args.ts';
import { runService } from './serve.ts';

const DEMO_CUSTOMERS = 2000;
const DEMO_WORKERS = 20;
const DEMO_WORKER = 'alice@example.com';

export async function demo(argv: string[]): Promise<number> {
  parse(argv, {}, false);
  const config = loadConfig(process.env, {
    host: '127.0.0.1',
    verifySignature: false,
    databaseUrl: './data/demo.db',
  });
  assertServable(config);
  const store = await openStore(config.database);
  if ((await store.count()) === 0) await seed(store);
  const [first] = await store.list({
    scope: { kind: 'worker', workerKey: workerKey(DEMO_WORKER) },
    search: null,
    after: null,
    limit: 1,
  });
  return runService(config, store, async (baseUrl) => {
    const url = `${baseUrl}/callbacks/crm`;
    process.stderr.write(curlExamples(url, first?.customer_id ?? 'C0000001', await firstPageToken(url)));
  });
}

async function seed(store: CustomerStore): Promise<void> {
  const session = await store.beginImport({ replace: false });
  await session.upsert([...demoRecords({ customers: DEMO_CUSTOMERS, workers: DEMO_WORKERS, seed: 1 })]);
  await session.commit();
  process.stderr.write(`Seeded ${DEMO_CUSTOMERS} demo customers over ${DEMO_WORKERS} workers.\n`);
}

/** A real token for the "next page" example, asked of the demo itself (signatures are off). */
async function firstPageToken(url: string): Promise<string> {
  const body = new URLSearchParams({ Location: 'GetCustomersList', Worker: DEMO_WORKER, PageSize: '5' });
  try {
    const response = await fetch(url, { method: 'POST', body });
    const page = (await response.json()) as { objects?: { next_page_token?: string } };
    return page.objects?.next_page_token ?? 'TOKEN_FROM_THE_FIRST_PAGE';
  } catch {
    return 'TOKEN_FROM_THE_FIRST_PAGE';
  }
}

function curlExamples(url: string, customerId: string, token: string): string {
  const post = (fields: string[]) =>
    `curl -s ${url} ${fields.map((field) => `--data-urlencode '${field}'`).join(' ')}`;
  return [
    '',
    `Try it (as ${DEMO_WORKER}):`,
    `  # the first page of their customers`,
    `  ${post(['Location=GetCustomersList', `Worker=${DEMO_WORKER}`, 'PageSize=5'])}`,
    `  # the next page: NextPageToken is the next_page_token of the answer above`,
    `  ${post(['Location=GetCustomersList', `Worker=${DEMO_WORKER}`, 'PageSize=5', `NextPageToken=${token}`])}`,
    `  # search by name, e-mail or phone digits`,
    `  ${post(['Location=GetCustomersList', `Worker=${DEMO_WORKER}`, 'Query=mar'])}`,
    `  # one customer's details`,
    `  ${post(['Location=GetCustomerDetailsByCustomerId', `Worker=${DEMO_WORKER}`, `CustomerId=${customerId}`])}`,
    '',
  ].join('\n');
}
