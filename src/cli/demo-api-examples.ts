// What `frontline demo` prints for the directory API: a key made for this run (a key is shown only when it is made,
// so the demo's own key, "demo", is made anew at each start) and one curl of each kind.
import { createApiKey } from '../api/api-keys.ts';
import type { CustomerStore } from '../directory/customer-store.ts';

const DEMO_KEY_NAME = 'demo';

export async function apiExamples(baseUrl: string, store: CustomerStore, worker: string): Promise<string> {
  await store.apiKeys.revoke(DEMO_KEY_NAME);
  const { key } = await createApiKey(store.apiKeys, { name: DEMO_KEY_NAME, readOnly: false });
  const api = `${baseUrl}/api/v1`;
  const auth = `-H 'Authorization: Bearer ${key}'`;
  const json = `${auth} -H 'content-type: application/json'`;
  const record = JSON.stringify({
    display_name: 'Ada Lovelace',
    channels: [{ type: 'sms', value: '+14155550142' }],
    workers: [worker],
  });
  return [
    '',
    `The directory API (docs/directory-api.md), with the key "${DEMO_KEY_NAME}" made for this run:`,
    `  export KEY=${key}`,
    "  # create (201) or replace (200) a customer: it shows in its rep's list at once",
    `  curl -s -X PUT ${api}/customers/demo-ada ${json} -d '${record}'`,
    '  # read it, with its ETag',
    `  curl -si ${api}/customers/demo-ada ${auth}`,
    '  # give it to another rep (JSON Merge Patch)',
    `  curl -s -X PATCH ${api}/customers/demo-ada ${auth} -H 'content-type: application/merge-patch+json' -d '{"workers": ["bob@example.com"]}'`,
    '  # delete it',
    `  curl -s -X DELETE ${api}/customers/demo-ada ${auth}`,
    '  # many at once: an NDJSON body, one record or deletion a line, in one transaction',
    `  printf '%s\\n' '${JSON.stringify({ customer_id: 'demo-bob', display_name: 'Bob Byron', workers: [worker] })}' '{"customer_id": "demo-ada", "deleted": true}' | curl -s -X POST ${api}/imports ${auth} -H 'content-type: application/x-ndjson' --data-binary @-`,
    '  # the whole book in customer_id order, a page at a time',
    `  curl -s '${api}/customers?limit=3' ${auth}`,
    '  # the OpenAPI document (no key needed)',
    `  curl -s ${api}/openapi.json`,
    '',
  ].join('\n');
}
