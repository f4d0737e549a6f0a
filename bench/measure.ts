// One server under load: start it, note its memory, run each scenario (checked by hand first, then loaded), note
// its memory again, stop it.
import type { Book } from './book.ts';
import type { ServerProcess } from './child.ts';
import { describeLoad, type LoadOptions, load } from './load.ts';
import { post, type SignedRequest, sign } from './requests.ts';
import type { ScenarioResult, ServerRun } from './result.ts';
import type { BookSample } from './sample.ts';
import type { Scenario } from './scenarios.ts';

export interface MeasureOptions extends LoadOptions {
  poolSize: number;
  authToken: string;
  log: (line: string) => void;
}

/** Requests sent one at a time before a load: every one must succeed, and they tell the size of an answer. */
const PROBES = 50;

export async function measureServer(
  server: ServerProcess,
  book: Book,
  sample: BookSample,
  scenarios: Scenario[],
  options: MeasureOptions,
): Promise<{ run: ServerRun; results: ScenarioResult[] }> {
  const url = `${server.baseUrl}/callbacks/crm`;
  const visibility = scenarios[0]?.visibility ?? 'assigned';
  const idle = server.memory();
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const fields = await scenario.fields({
      sample,
      url,
      authToken: options.authToken,
      size: options.poolSize,
    });
    const pool = fields.map((each) => sign(url, options.authToken, each));
    const answers = await probe(url, pool);
    options.log(
      `${scenario.title}, ${book.customers.toLocaleString('en-US')} customers: ${pool.length} requests`,
    );
    const measured = await load(url, pool, options, server.cpuSeconds).catch((error: Error) => {
      throw new Error(`${error.message}\n${server.stderrTail()}`);
    });
    options.log(`  ${describeLoad(measured)}`);
    results.push({
      ...measured,
      id: scenario.id,
      title: scenario.title,
      kind: scenario.kind,
      customers: book.customers,
      workers: book.workers,
      visibility,
      poolSize: pool.length,
      ...answers,
      ratio: 0,
      met: null,
    });
  }
  const run = {
    customers: book.customers,
    workers: book.workers,
    visibility,
    idle,
    afterLoad: server.memory(),
  };
  return { run, results };
}

async function probe(url: string, pool: SignedRequest[]) {
  let bytes = 0;
  let customers = 0;
  const probes = pool.slice(0, PROBES);
  for (const request of probes) {
    const answer = (await post(url, request)) as { objects: { customers?: unknown[]; customer?: unknown } };
    bytes += Buffer.byteLength(JSON.stringify(answer));
    customers += answer.objects.customers?.length ?? (answer.objects.customer === undefined ? 0 : 1);
  }
  return { responseBytes: bytes / probes.length, customersPerResponse: customers / probes.length };
}
