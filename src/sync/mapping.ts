// SYNC_MAPPING_FILE: which CRM properties make a customer, in YAML or JSON, read and checked once at start like the
// templates file (one-line errors naming the file and the field). Without a file the documented default applies
// (docs/crm-sync.md). hubspot-record.ts and salesforce-record.ts turn one CRM record into the raw record
// normalizeRecord then checks, so a CRM record is held to exactly the rules of an import line. Salesforce field names
// go into SOQL as they are, so they are held to the API-name pattern here (no quote or space ever reaches a query).
import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { documentError, readDocument } from '../config-document.ts';
import type { Details } from '../directory/customer.ts';
import { fillParts } from '../templates/fill.ts';
import { parseTemplate, type TemplatePart, TemplateSyntaxError } from '../templates/placeholders.ts';

const Properties = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20 });
/** A title and a content template over the record's fields ({{field}}), as in the templates file. */
const DetailsMapping = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    content: Type.String({ minLength: 1, maxLength: 4000 }),
  },
  { additionalProperties: false },
);
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
    /** Properties holding an e-mail address (a team rep's): each becomes a worker. */
    worker_emails: Type.Optional(Properties),
    details: Type.Optional(DetailsMapping),
    /** A link to the contact's page in HubSpot. */
    link: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
/** A Salesforce API name, or a relationship path to one (Owner.Email, Account.Name). */
const SalesforceField = Type.String({
  minLength: 1,
  maxLength: 120,
  pattern: '^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*){0,4}$',
});
const SalesforceFieldList = Type.Array(SalesforceField, { maxItems: 20 });
export const SALESFORCE_OBJECTS = ['Contact', 'Lead'] as const;
export type SalesforceObject = (typeof SALESFORCE_OBJECTS)[number];
const SalesforceMapping = Type.Object(
  {
    /** Which objects become customers: Contact, and Lead too if listed. */
    objects: Type.Optional(
      Type.Array(Type.Union(SALESFORCE_OBJECTS.map((name) => Type.Literal(name))), {
        minItems: 1,
        maxItems: 2,
        uniqueItems: true,
      }),
    ),
    display_name: Type.Optional(SalesforceFieldList),
    sms: Type.Optional(SalesforceFieldList),
    whatsapp: Type.Optional(SalesforceFieldList),
    email: Type.Optional(SalesforceFieldList),
    avatar: Type.Optional(SalesforceField),
    /** Fields holding an e-mail address: each one becomes a worker (the owner's, a second rep's). */
    workers: Type.Optional(SalesforceFieldList),
    details: Type.Optional(DetailsMapping),
    /** A link to the record's Lightning page. */
    link: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const MappingFile = Type.Object(
  { hubspot: Type.Optional(HubspotMapping), salesforce: Type.Optional(SalesforceMapping) },
  { additionalProperties: false },
);
const validator = Compile(MappingFile);

export interface HubspotFields {
  displayName: readonly string[];
  sms: readonly string[];
  whatsapp: readonly string[];
  email: readonly string[];
  avatar: string | null;
  owners: readonly string[];
  workerEmails: readonly string[];
  details: DetailsTemplate | null;
  link: boolean;
}

/** The details' title and content, parsed; their placeholders are field names. */
export interface DetailsTemplate {
  title: readonly TemplatePart[];
  content: readonly TemplatePart[];
}

export interface SalesforceFields {
  objects: readonly SalesforceObject[];
  displayName: readonly string[];
  sms: readonly string[];
  whatsapp: readonly string[];
  email: readonly string[];
  avatar: string | null;
  workers: readonly string[];
  details: DetailsTemplate | null;
  link: boolean;
}

export interface SyncMapping {
  hubspot: HubspotFields;
  salesforce: SalesforceFields;
}

export const DEFAULT_HUBSPOT: HubspotFields = Object.freeze({
  displayName: ['firstname', 'lastname'],
  sms: ['phone', 'mobilephone'],
  whatsapp: [],
  email: ['email'],
  avatar: null,
  owners: ['hubspot_owner_id'],
  workerEmails: [],
  details: null,
  link: true,
});

export const DEFAULT_SALESFORCE: SalesforceFields = Object.freeze<SalesforceFields>({
  objects: ['Contact'],
  displayName: ['FirstName', 'LastName'],
  sms: ['Phone', 'MobilePhone'],
  whatsapp: [],
  email: ['Email'],
  avatar: null,
  workers: ['Owner.Email'],
  details: null,
  link: true,
});

export const DEFAULT_MAPPING: SyncMapping = Object.freeze({
  hubspot: DEFAULT_HUBSPOT,
  salesforce: DEFAULT_SALESFORCE,
});

/** The properties a search must ask HubSpot for. */
export function hubspotProperties(fields: HubspotFields): string[] {
  const all = [
    ...fields.displayName,
    ...fields.sms,
    ...fields.whatsapp,
    ...fields.email,
    ...fields.owners,
    ...fields.workerEmails,
    ...detailFields(fields.details),
  ];
  if (fields.avatar !== null) all.push(fields.avatar);
  return [...new Set(all)];
}

/** The fields a SOQL query must select (Id and SystemModstamp first), each once. */
export function salesforceFields(fields: SalesforceFields): string[] {
  const all = [
    'Id',
    'SystemModstamp',
    ...fields.displayName,
    ...fields.sms,
    ...fields.whatsapp,
    ...fields.email,
    ...fields.workers,
    ...detailFields(fields.details),
  ];
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
  const salesforce = (doc as Static<typeof MappingFile>).salesforce ?? {};
  return {
    hubspot: {
      displayName: hubspot.display_name ?? DEFAULT_HUBSPOT.displayName,
      sms: hubspot.sms ?? DEFAULT_HUBSPOT.sms,
      whatsapp: hubspot.whatsapp ?? DEFAULT_HUBSPOT.whatsapp,
      email: hubspot.email ?? DEFAULT_HUBSPOT.email,
      avatar: hubspot.avatar ?? DEFAULT_HUBSPOT.avatar,
      owners: hubspot.owners ?? DEFAULT_HUBSPOT.owners,
      workerEmails: hubspot.worker_emails ?? DEFAULT_HUBSPOT.workerEmails,
      details: details(hubspot.details, 'hubspot', HUBSPOT_PROPERTY, fail),
      link: hubspot.link ?? DEFAULT_HUBSPOT.link,
    },
    salesforce: {
      objects: salesforce.objects ?? DEFAULT_SALESFORCE.objects,
      displayName: salesforce.display_name ?? DEFAULT_SALESFORCE.displayName,
      sms: salesforce.sms ?? DEFAULT_SALESFORCE.sms,
      whatsapp: salesforce.whatsapp ?? DEFAULT_SALESFORCE.whatsapp,
      email: salesforce.email ?? DEFAULT_SALESFORCE.email,
      avatar: salesforce.avatar ?? DEFAULT_SALESFORCE.avatar,
      workers: salesforce.workers ?? DEFAULT_SALESFORCE.workers,
      details: details(salesforce.details, 'salesforce', SALESFORCE_NAME, fail),
      link: salesforce.link ?? DEFAULT_SALESFORCE.link,
    },
  };
}

const HUBSPOT_PROPERTY = /^[A-Za-z0-9_]{1,100}$/;
const SALESFORCE_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*){0,4}$/;

function details(
  given: { title: string; content: string } | undefined,
  crm: string,
  name: RegExp,
  fail: (why: string) => never,
): DetailsTemplate | null {
  if (given === undefined) return null;
  const known = (field: string) => (name.test(field) ? null : `{{${field}}} is not a field name`);
  const parse = (key: 'title' | 'content') => {
    try {
      return parseTemplate(given[key], known);
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) throw error;
      return fail(`${crm}.details.${key} ${error.message}`);
    }
  };
  return { title: parse('title'), content: parse('content') };
}

function detailFields(template: DetailsTemplate | null): string[] {
  if (template === null) return [];
  return [...template.title, ...template.content].flatMap((part) =>
    typeof part === 'string' ? [] : [part.placeholder],
  );
}

/**
 * The details of one record: its fields filled into the title and content by the templates' rules (a missing value
 * removes itself and its stray punctuation). None when the content (or the title) is left with nothing.
 */
export function renderDetails(
  template: DetailsTemplate | null,
  value: (field: string) => string,
): Details | undefined {
  if (template === null) return undefined;
  const lookup = (field: string) => ({ value: value(field), whenMissing: 'removed' as const });
  const title = fillParts(template.title, lookup);
  const content = fillParts(template.content, lookup);
  return title === undefined || content === undefined ? undefined : { title, content };
}

function describeFirstError(doc: unknown): string {
  const [first] = validator.Errors(doc);
  if (first === undefined) return 'is invalid';
  const field = first.instancePath.slice(1).replaceAll('/', '.');
  if (first.schemaPath.endsWith('/additionalProperties')) return `unknown field ${JSON.stringify(field)}`;
  return `${field === '' ? 'the file' : field} ${first.message}`;
}
