// One Salesforce record (a Contact or a Lead, as SOQL returns it) → the raw record normalizeRecord checks
// (src/import/normalize.ts), by the mapping. A field may be a relationship path (Owner.Email, Account.Name): SOQL
// returns it as a nested object, null when the relationship is empty. The link needs https (the import rules refuse
// any other): an instance URL without it (a local test server) gives no link rather than a refused record.

import { renderDetails, type SalesforceFields, type SalesforceObject } from './mapping.ts';
import type { SalesforceRecord } from './salesforce-api.ts';

/** Every Salesforce customer's customer_id is this and the 18-character Id (Contacts 003…, Leads 00Q…). */
export const SALESFORCE_PREFIX = 'salesforce:';

export interface SalesforceContext {
  fields: SalesforceFields;
  /** The org's instance URL, for the link to the record's Lightning page. */
  instanceUrl: string;
}

/** The text of a field or relationship path, '' when it is empty or absent. */
export function fieldText(record: SalesforceRecord, path: string): string {
  let value: unknown = record;
  for (const name of path.split('.')) {
    if (value === null || typeof value !== 'object') return '';
    value = (value as Record<string, unknown>)[name];
  }
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

export function salesforceRecord(
  object: SalesforceObject,
  record: SalesforceRecord,
  context: SalesforceContext,
): Record<string, unknown> {
  const { fields } = context;
  const values = (paths: readonly string[]) =>
    paths.map((path) => fieldText(record, path)).filter((value) => value !== '');
  const channels = [
    ...values(fields.sms).map((value) => ({ type: 'sms', value })),
    ...values(fields.whatsapp).map((value) => ({ type: 'whatsapp', value })),
    ...values(fields.email).map((value) => ({ type: 'email', value })),
  ];
  const raw: Record<string, unknown> = {
    customer_id: `${SALESFORCE_PREFIX}${record.Id}`,
    display_name: values(fields.displayName).join(' ') || values(fields.email)[0] || record.Id,
    workers: [...new Set(values(fields.workers))],
  };
  if (channels.length > 0) raw.channels = channels;
  const avatar = fields.avatar === null ? '' : fieldText(record, fields.avatar);
  if (avatar !== '') raw.avatar = avatar;
  const details = renderDetails(fields.details, (path) => fieldText(record, path));
  if (details !== undefined) raw.details = details;
  if (fields.link && context.instanceUrl.startsWith('https://'))
    raw.links = [
      {
        type: 'Salesforce',
        value: `${context.instanceUrl}/lightning/r/${object}/${encodeURIComponent(record.Id)}/view`,
        display_name: 'Open in Salesforce',
      },
    ];
  return raw;
}
