// `frontline sign URL --param k=v ...`: the X-Twilio-Signature Twilio would send, so a person can curl the service.
// The token comes from TWILIO_AUTH_TOKEN only, never from the command line where shell history would keep it.
import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';
import { parse } from './args.ts';
import { CliError, usageError } from './cli-error.ts';

export async function sign(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { param: { type: 'string', short: 'p', multiple: true } },
    true,
  );
  const [url, ...extra] = positionals;
  if (url === undefined || extra.length > 0) throw usageError('sign takes one URL');
  if (!/^https?:\/\//.test(url)) throw usageError(`"${url}" is not an http(s) URL`);
  const token = process.env.TWILIO_AUTH_TOKEN;
  if (token === undefined || token === '') throw new CliError('TWILIO_AUTH_TOKEN must be set to sign');
  const params: Record<string, string[]> = {};
  for (const pair of values.param ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw usageError(`--param takes name=value (got "${pair}")`);
    const name = pair.slice(0, at);
    params[name] = [...(params[name] ?? []), pair.slice(at + 1)];
  }
  const single = Object.fromEntries(
    Object.entries(params).map(([name, list]) => [name, list.length === 1 ? list[0] : list]),
  );
  process.stdout.write(`${twilioWebhooks.getExpectedTwilioSignature(token, url, single)}\n`);
  return 0;
}
