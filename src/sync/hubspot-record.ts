// One HubSpot contact → the raw record normalizeRecord checks (src/import/normalize.ts), by the mapping. Owners are
// looked up by id in the owners read once a run; an owner unknown or without an e-mail adds no worker.
import { type HubspotFields, renderDetails } from './mapping.ts';

/** Every HubSpot customer's customer_id starts with this, so a --full run removes only HubSpot's own. */
export const ID_PREFIX = 'hubspot:';

export interface HubspotContact {
  id: string;
  properties: Readonly<Record<string, string | null | undefined>>;
}

export interface HubspotContext {
  fields: HubspotFields;
  /** Owner id → owner's e-mail. */
  owners: ReadonlyMap<string, string>;
  /** The account's portal (hub) id, for the link to the contact's page; null: no link. */
  portalId: string | null;
  /** Where HubSpot's app lives (https://app.hubspot.com unless a test says otherwise). */
  appUrl: string;
}

const text = (contact: HubspotContact, property: string): string =>
  (contact.properties[property] ?? '').trim();

export function hubspotRecord(contact: HubspotContact, context: HubspotContext): Record<string, unknown> {
  const { fields } = context;
  const values = (properties: readonly string[]) =>
    properties.map((property) => text(contact, property)).filter((value) => value !== '');
  const channels = [
    ...values(fields.sms).map((value) => ({ type: 'sms', value })),
    ...values(fields.whatsapp).map((value) => ({ type: 'whatsapp', value })),
    ...values(fields.email).map((value) => ({ type: 'email', value })),
  ];
  const name = values(fields.displayName).join(' ') || values(fields.email)[0] || contact.id;
  const owners = values(fields.owners).flatMap((id) => {
    const email = context.owners.get(id);
    return email === undefined ? [] : [email];
  });
  const workers = [...new Set([...owners, ...values(fields.workerEmails)])];
  const record: Record<string, unknown> = {
    customer_id: `${ID_PREFIX}${contact.id}`,
    display_name: name,
    workers,
  };
  if (channels.length > 0) record.channels = channels;
  const avatar = fields.avatar === null ? '' : text(contact, fields.avatar);
  if (avatar !== '') record.avatar = avatar;
  const details = renderDetails(fields.details, (property) => text(contact, property));
  if (details !== undefined) record.details = details;
  if (fields.link && context.portalId !== null) {
    record.links = [
      {
        type: 'HubSpot',
        value: `${context.appUrl}/contacts/${context.portalId}/record/0-1/${encodeURIComponent(contact.id)}`,
        display_name: 'Open in HubSpot',
      },
    ];
  }
  return record;
}
