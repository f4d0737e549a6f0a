// X-Twilio-Signature: without a check, anyone who learns the callback URL can read the whole book. Three requests
// that Twilio did not sign: none at all, one signed with another token, one whose body was changed after signing.
import type { Exchange } from './callback-client.ts';
import type { CheckContext } from './check-context.ts';
import { answered, type CheckResult, fail, isClientError, pass } from './check-result.ts';

export async function signatureCheck(context: CheckContext, worker: string): Promise<CheckResult> {
  const { client, options } = context;
  const fields = { Location: 'GetCustomersList', Worker: worker, PageSize: '1' };
  const label = `GetCustomersList as ${worker}`;
  const tries: [string, Exchange][] = [
    ['unsigned', await client.post(options.crmUrl, fields, `${label}, unsigned`, 'none')],
    ['another token', await client.post(options.crmUrl, fields, `${label}, another token`, 'wrong')],
    // Signed for PageSize=1, sent with PageSize=2: a signature over the URL alone would let this through.
    [
      'changed body',
      await client.post(options.crmUrl, { ...fields, PageSize: '2' }, `${label}, changed body`, {
        signedFields: fields,
      }),
    ],
  ];
  const accepted = tries.filter(([, exchange]) => !isClientError(exchange));
  const saw = tries.map(([what, exchange]) => `${what}: ${answered(exchange)}`).join('; ');
  return accepted.length === 0 ? pass('signature', `refused: ${saw}`) : fail('signature', saw);
}
