// One server's scenarios: before any load, build each scenario's signed requests and check them by hand (every
// one of the probes must succeed, and they tell the size of an answer); after the interleaved rounds
// (interleave.ts), turn each scenario's slices into its result and note the server's memory.
import type { Book } from './book.ts';
import type { ServerProcess } from './child.ts';
import type { Unit } from './interleave.ts';
import { combine } from './load.ts';
import { post, type SignedRequest, sign } from './requests.ts';
import type { ScenarioResult, ServerRun } from './result.ts';
import type { BookSample } from './sample.ts';
import type { Scenario } from './scenarios.ts';

export interface PrepareOptions {
  poolSize: number;
  authToken: string;
}

/** Requests sent one at a time before a load: every one must succeed, and they tell the size of an answer. */
const PROBES = 50;

export interface PreparedServer {
  /** One per scenario, in the order given. */
  units: Unit[];
  /** After the rounds: the server's memory then, and every scenario's combined result. */
  finish(): { run: ServerRun; results: ScenarioResult[] };
}

export async function prepareServer(
  server: ServerProcess,
  book: Book,
  sample: BookSample,
  scenarios: Scenario[],
  options: PrepareOptions,
): Promise<PreparedServer> {
  const crmUrl = `${server.baseUrl}/callbacks/crm`;
  const visibility = scenarios[0]?.visibility ?? 'assigned';
  const idle = server.memory();
  const prepared: { scenario: Scenario; unit: Unit; answers: Awaited<ReturnType<typeof probe>> }[] = [];
  for (const scenario of scenarios) {
    const url = `${server.baseUrl}${scenario.path ?? '/callbacks/crm'}`;
    const fields = await scenario.fields({
      sample,
      url: crmUrl,
      authToken: options.authToken,
      size: options.poolSize,
    });
    const pool = fields.map((each) => sign(url, options.authToken, each));
    const answers = await probe(url, pool);
    const unit: Unit = {
      label: `${scenario.title}, ${book.customers.toLocaleString('en-US')} customers`,
      url,
      pool,
      server,
      slices: [],
    };
    prepared.push({ scenario, unit, answers });
  }
  return {
    units: prepared.map(({ unit }) => unit),
    finish() {
      const results = prepared.map(({ scenario, unit, answers }) => ({
        ...combine(unit.slices),
        id: scenario.id,
        title: scenario.title,
        kind: scenario.kind,
        customers: book.customers,
        workers: book.workers,
        visibility,
        poolSize: unit.pool.length,
        ...answers,
        ratio: 0,
        met: null,
      }));
      const run = {
        customers: book.customers,
        workers: book.workers,
        visibility,
        idle,
        afterLoad: server.memory(),
      };
      return { run, results };
    },
  };
}

async function probe(url: string, pool: SignedRequest[]) {
  let bytes = 0;
  let customers = 0;
  const probes = pool.slice(0, PROBES);
  for (const request of probes) {
    // The CRM callback's answers hold `objects`; the other callbacks' answers hold no customer list.
    const answer = (await post(url, request)) as { objects?: { customers?: unknown[]; customer?: unknown } };
    bytes += Buffer.byteLength(JSON.stringify(answer));
    const objects = answer.objects;
    customers += objects?.customers?.length ?? (objects?.customer === undefined ? 0 : 1);
  }
  return { responseBytes: bytes / probes.length, customersPerResponse: customers / probes.length };
}
