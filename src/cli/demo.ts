// `frontline demo` (npm run demo): a service you can curl in a minute. SQLite file seeded with demo customers,
// bound to 127.0.0.1, signature checks off (the config refuses that anywhere but loopback), with demo templates,
// business numbers and a routing fallback unless the environment sets its own.
import { fileURLToPath } from 'node:url';
import { assertServable, loadConfig } from '../config.ts';
import type { CustomerStore } from '../directory/customer-store.ts';
import { workerKey } from '../directory/text-key.ts';
import { demoRecords, demoWorkers } from '../import/demo-data.ts';
import { type Listening, startSimulator, storeWorkers } from '../simulator/start-simulator.ts';
import { openStore } from '../stores/open-store.ts';
import { parse } from './args.ts';
import { apiExamples } from './demo-api-examples.ts';
import { otherCallbackExamples } from './demo-examples.ts';
import { runService } from './serve.ts';

const DEMO_CUSTOMERS = 2000;
const DEMO_WORKERS = 20;
const DEMO_WORKER = 'alice@example.com';
const DEMO_TEMPLATES = fileURLToPath(new URL('../../examples/templates.yaml', import.meta.url));

/** The environment with the demo's settings for what it leaves unset. +15005550006 is Twilio's test number. */
function demoEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const defaults: Record<string, string> = {
    TEMPLATES_FILE: DEMO_TEMPLATES,
    TWILIO_SMS_NUMBER: '+15005550006',
    // The WhatsApp sandbox number every Twilio account can try.
    TWILIO_WHATSAPP_NUMBER: 'whatsapp:+14155238886',
  };
  if (!env.ROUTING_WORKERS) defaults.ROUTING_DEFAULT_WORKER = DEMO_WORKER;
  return { ...defaults, ...env };
}

export async function demo(argv: string[]): Promise<number> {
  parse(argv, {}, false);
  const config = loadConfig(demoEnv(process.env), {
    host: '127.0.0.1',
    verifySignature: false,
    databaseUrl: './data/demo.db',
  });
  assertServable(config);
  const store = await openStore(config.database);
  if ((await store.count()) === 0) await seed(store);
  // Also for a demo file seeded before worker profiles existed: templates sign with the rep's name.
  if ((await store.getWorker(workerKey(DEMO_WORKER))) === null) await seedWorkers(store);
  const [first] = await store.list({
    scope: { kind: 'worker', workerKey: workerKey(DEMO_WORKER) },
    search: null,
    after: null,
    limit: 1,
  });
  const customerId = first?.customer_id ?? 'C0000001';
  const apiReady = config.callbacks.accountSid !== undefined && config.twilioAuthToken !== undefined;
  let simulator: Listening | undefined;
  const code = await runService(config, store, async (baseUrl) => {
    const url = `${baseUrl}/callbacks/crm`;
    process.stderr.write(curlExamples(url, customerId, await firstPageToken(url)));
    process.stderr.write(await otherCallbackExamples(baseUrl, store, DEMO_WORKER, customerId, apiReady));
    process.stderr.write(await apiExamples(baseUrl, store, DEMO_WORKER));
    // PORT=0 (the tests) puts the simulator on a free port too; a taken 5002 costs the demo its simulator only.
    const port = Number(process.env.SIMULATOR_PORT ?? (config.port === 0 ? 0 : 5002));
    try {
      simulator = await startSimulator({
        target: {
          crmUrl: url,
          outgoingUrl: `${baseUrl}/callbacks/outgoing-conversation`,
          templatesUrl: `${baseUrl}/callbacks/templates`,
        },
        // Signature checks are off in the demo; a token is still needed to sign with, as the app would.
        authToken: config.twilioAuthToken ?? 'demo-signatures-are-off',
        workers: storeWorkers(store),
        host: '127.0.0.1',
        port,
      });
      process.stderr.write(
        `\nThe Frontline app in your browser (sign in as ${DEMO_WORKER}): ${simulator.url}\n`,
      );
    } catch (error) {
      process.stderr.write(
        `\nThe simulator did not start (${(error as Error).message}): set SIMULATOR_PORT.\n`,
      );
    }
  });
  await simulator?.app.close();
  return code;
}

async function seed(store: CustomerStore): Promise<void> {
  const session = await store.beginImport();
  await session.upsert([...demoRecords({ customers: DEMO_CUSTOMERS, workers: DEMO_WORKERS, seed: 1 })]);
  await session.commit();
  process.stderr.write(`Seeded ${DEMO_CUSTOMERS} demo customers over ${DEMO_WORKERS} workers.\n`);
}

async function seedWorkers(store: CustomerStore): Promise<void> {
  const session = await store.beginWorkerImport({ replace: false });
  await session.upsert(demoWorkers(DEMO_WORKERS));
  await session.commit();
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
