// SYNC_MAPPING_FILE: which CRM properties make a customer, in YAML or JSON, read and checked once at start like the
// templates file (one-line errors naming the file and the field). Without a file the documented default applies
// (docs/crm-sync.md). mapHubspotContact turns one contact into the raw record normalizeRecord then checks, so a CRM
// record is held to exactly the rules of an import line.
import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { documentError, readDocument } from '../config-document.ts';

const Properties = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20 });
const HubspotMapping = Type.Object(
  {
    /** Joined with a space, empty ones left out; the e-mail, then the contact's id, when all are empty. */
    display_name: Type.Optional(Properties),
    sms: Type.Optional(Properties),
    whatsapp: Type.Optional(Properties),
    email: Type.Optional(Properties),
    avatar: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** Properties holding a HubSpot owner id: each owner's e-mail becomes a worker. */
    owners: Type.Optional(Properties),
    /** A link to the contact's page in HubSpot. */
    link: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const MappingFile = Type.Object({ hubspot: Type.Optional(HubspotMapping) }, { additionalProperties: false });
const validator = Compile(MappingFile);

export interface HubspotFields {
  displayName: readonly string[];
  sms: readonly string[];
  whatsapp: readonly string[];
  email: readonly string[];
  avatar: string | null;
  owners: readonly string[];
  link: boolean;
}

export interface SyncMapping {
  hubspot: HubspotFields;
}

export const DEFAULT_HUBSPOT: HubspotFields = Object.freeze({
  displayName: ['firstname', 'lastname'],
  sms: ['phone', 'mobilephone'],
  whatsapp: [],
  email: ['email'],
  avatar: null,
  owners: ['hubspot_owner_id'],
  link: true,
});

export const DEFAULT_MAPPING: SyncMapping = Object.freeze({ hubspot: DEFAULT_HUBSPOT });

/** The properties a search must ask HubSpot for. */
export function hubspotProperties(fields: HubspotFields): string[] {
  const all = [...fields.displayName, ...fields.sms, ...fields.whatsapp, ...fields.email, ...fields.owners];
  if (fields.avatar !== null) all.push(fields.avatar);
  return [...new Set(all)];
}

/** The mapping in `path`, or the default when no file is set. Throws a one-line ConfigError. */
export async function loadMapping(path: string | undefined): Promise<SyncMapping> {
  if (path === undefined) return DEFAULT_MAPPING;
  const fail = documentError('SYNC_MAPPING_FILE', path);
  const doc = await readDocument('SYNC_MAPPING_FILE', path);
  if (!validator.Check(doc)) fail(describeFirstError(doc));
  const hubspot = (doc as Static<typeof MappingFile>).hubspot ?? {};
  return {
    hubspot: {
      displayName: hubspot.display_name ?? DEFAULT_HUBSPOT.displayName,
      sms: hubspot.sms ?? DEFAULT_HUBSPOT.sms,
      whatsapp: hubspot.whatsapp ?? DEFAULT_HUBSPOT.whatsapp,
      email: hubspot.email ?? DEFAULT_HUBSPOT.email,
      avatar: hubspot.avatar ?? DEFAULT_HUBSPOT.avatar,
      owners: hubspot.owners ?? DEFAULT_HUBSPOT.owners,
      link: hubspot.link ?? DEFAULT_HUBSPOT.link,
    },
  };
}

function describeFirstError(doc: unknown): string {
  const [first] = validator.Errors(doc);
  if (first === undefined) return 'is invalid';
  const field = first.instancePath.slice(1).replaceAll('/', '.');
  if (first.schemaPath.endsWith('/additionalProperties')) return `unknown field ${JSON.stringify(field)}`;
  return `${field === '' ? 'the file' : field} ${first.message}`;
}
