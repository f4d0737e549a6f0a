// `frontline check URL --worker ID ...`: a conformance run against any Frontline integration's CRM callback (and its
// outgoing and templates callbacks when given), every request signed as Twilio signs it. Exit 1 on any failed
// check, 0 otherwise, 2 on a usage error. The token is never printed: not in the table, the JSON or an error.

import { exitCodeOf, jsonOf, tableOf } from '../check/report.ts';
import { runChecks } from '../check/run-checks.ts';
import { parse, positiveInt } from './args.ts';
import { usageError } from './cli-error.ts';

export const CHECK_OPTIONS = `  --worker ID              A worker identity to ask as (repeat it: isolation needs two)
  --auth-token T           The Auth Token to sign with (default: TWILIO_AUTH_TOKEN, which keeps it out of
                           shell history)
  --outgoing-url U         Also check the Outgoing Conversations callback at U
  --templates-url U        Also check the Templates callback at U
  --json                   The report as JSON, for scripts
  --timeout-ms N           The time budget of one request (default 6000, Frontline's)
  --max-customers N        Stop each crawl after this many customers, with a warning (default 10000)
  --page-size N            The PageSize the crawls send (default 30, the app's)`;

function httpUrl(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^https?:\/\/[^/]/.test(raw)) throw usageError(`${name} "${raw}" is not an http(s) URL`);
  return raw;
}

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
