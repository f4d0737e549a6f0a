// `frontline check URL --worker ID ...`: a conformance run against any Frontline integration's CRM callback (and its
// outgoing and templates callbacks when given), every request signed as Twilio signs it. Exit 1 on any failed
// check, 0 otherwise, 2 on a usage error. The token is never printed: not in the table, the JSON or an error.

import { exitCodeOf, jsonOf, tableOf } from '../check/report.ts';
import { runChecks } from '../check/run-checks.ts';
import { httpUrl, parse, positiveInt } from './args.ts';
import { usageError } from './cli-error.ts';

export async function checkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      worker: { type: 'string', multiple: true },
      'auth-token': { type: 'string' },
      'outgoing-url': { type: 'string' },
      'templates-url': { type: 'string' },
      json: { type: 'boolean' },
      'timeout-ms': { type: 'string' },
      'max-customers': { type: 'string' },
      'page-size': { type: 'string' },
    },
    true,
  );
  const [url, ...extra] = positionals;
  if (url === undefined || extra.length > 0) throw usageError('check takes one URL, the CRM callback');
  const crmUrl = httpUrl('URL', url) as string;
  const workers = (values.worker ?? []).filter((worker) => worker !== '');
  if (workers.length === 0) throw usageError('check needs at least one --worker');
  const authToken = values['auth-token'] ?? process.env.TWILIO_AUTH_TOKEN ?? '';
  if (authToken === '') throw usageError('check needs --auth-token or TWILIO_AUTH_TOKEN to sign with');
  const report = await runChecks({
    crmUrl,
    workers,
    authToken,
    outgoingUrl: httpUrl('--outgoing-url', values['outgoing-url']),
    templatesUrl: httpUrl('--templates-url', values['templates-url']),
    timeoutMs: positiveInt('timeout-ms', values['timeout-ms'], 6000),
    maxCustomers: positiveInt('max-customers', values['max-customers'], 10_000),
    pageSize: positiveInt('page-size', values['page-size'], 30),
  });
  process.stdout.write(values.json === true ? jsonOf(report) : tableOf(report));
  return exitCodeOf(report);
}
