// A local HTTP server that plays Salesforce's REST API for the sync, in its documented wire format: SOQL queries
// (GET /services/data/vXX.X/query?q=, {totalSize, done, nextRecordsUrl, records:[{attributes:{type,url}, …}]}, a
// batch at a time as the Sforce-Query-Options batchSize header asks, queryMore through nextRecordsUrl over a cursor
// taken when the query ran), relationship fields as nested objects (Owner.Email), getDeleted
// (GET …/sobjects/Contact/deleted/?start=&end= → {deletedRecords:[{id,deletedDate}], earliestDateAvailable,
// latestDateCovered}, with its INVALID_REPLICATION_DATE rules), the OAuth token endpoint of the JWT bearer flow
// (verifying the assertion's RS256 signature with the test's public key), and error bodies
// [{"message","errorCode"}]. It evaluates only the SOQL the connector sends (SELECT fields FROM Contact|Lead
// [WHERE SystemModstamp >= literal] ORDER BY SystemModstamp, Id) and refuses anything else loudly, so that a test
// fails rather than passes by accident. It can be told to answer 429/503/500 or REQUEST_LIMIT_EXCEEDED, to expire
// every session, to stall, or to break after a number of query pages.
import { generateKeyPairSync, type KeyObject, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const SF_CLIENT_ID = '3MVG9fakeConsumerKeyForTheFrontlineSync';
export const SF_USERNAME = 'sync@example.com';
export const SF_ACCESS_TOKEN = '00DDn0000000001!AQ4AQFakeAccessTokenForTests';
const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export type FakeObject = 'Contact' | 'Lead';
const KEY_PREFIX: Record<FakeObject, string> = { Contact: '003', Lead: '00Q' };
const STANDARD: Record<FakeObject, readonly string[]> = {
  Contact: [
    'FirstName',
    'LastName',
    'Name',
    'Email',
    'Phone',
    'MobilePhone',
    'Title',
    'Department',
    'LeadSource',
  ],
  Lead: ['FirstName', 'LastName', 'Name', 'Email', 'Phone', 'MobilePhone', 'Title', 'Company', 'LeadSource'],
};
const RELATIONSHIPS: Record<string, { key: string; type: string; fields: readonly string[] }> = {
  Owner: { key: 'OwnerId', type: 'User', fields: ['Id', 'Email', 'Name'] },
  Account: { key: 'AccountId', type: 'Account', fields: ['Id', 'Name'] },
};

interface Row {
  object: FakeObject;
  Id: string;
  fields: Record<string, string | boolean | null>;
  modstamp: number;
  deletedAt: number | null;
}

interface Fault {
  status: number;
  errorCode?: string;
  retryAfter?: number;
}

interface Cursor {
  rows: Row[];
  object: FakeObject;
  fields: string[];
  batch: number;
}

export interface FakeSalesforceOptions {
  /** Custom fields (…__c) the org has, on both objects. */
  customFields?: string[];
}

/** A key pair for the JWT flow: the private key for SALESFORCE_PRIVATE_KEY_FILE, the public one for the fake. */
export function jwtKeys(): { privatePem: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
}

export class FakeSalesforce {
  readonly #rows = new Map<string, Row>();
  readonly #users = new Map<string, { Id: string; Email: string; Name: string }>();
  readonly #accounts = new Map<string, { Id: string; Name: string }>();
  readonly #cursors = new Map<string, Cursor>();
  readonly #tokens = new Set<string>([SF_ACCESS_TOKEN]);
  readonly #faults: Fault[] = [];
  readonly #custom: readonly string[];
  readonly #hidden = new Set<string>();
  readonly #publicKey: KeyObject | null;
  /** Records change 250 ms apart, so four share each second of SystemModstamp (which has whole seconds). */
  #clock = Math.floor((Date.now() - 3 * 24 * 3600_000) / 1000) * 1000;
  #stalls: number[] = [];
  #breakAt = Number.POSITIVE_INFINITY;
  #server = createServer((request, response) => void this.#handle(request, response));
  url = '';
  /** What getDeleted says the earliest date it still has is: before it, INVALID_REPLICATION_DATE. */
  earliestDeleted = Date.now() - 15 * 24 * 3600_000;
  /** Query pages (query and queryMore) answered 200. */
  pages = 0;
  queries = 0;
  tokensIssued = 0;
  readonly statuses: number[] = [];
  readonly soql: string[] = [];

  constructor(publicKey: KeyObject | null = null, options: FakeSalesforceOptions = {}) {
    this.#publicKey = publicKey;
    this.#custom = options.customFields ?? [];
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  static id(object: FakeObject | 'User' | 'Account', n: number): string {
    const prefix = object === 'User' ? '005' : object === 'Account' ? '001' : KEY_PREFIX[object];
    return `${prefix}Dn0000${String(n).padStart(9, '0')}`;
  }

  addUser(n: number, email: string): string {
    const Id = FakeSalesforce.id('User', n);
    this.#users.set(Id, { Id, Email: email, Name: email.split('@')[0] ?? email });
    return Id;
  }

  addAccount(n: number, name: string): string {
    const Id = FakeSalesforce.id('Account', n);
    this.#accounts.set(Id, { Id, Name: name });
    return Id;
  }

  /** Creates or changes record n of `object`; each change is 250 ms after the previous one. Returns its Id. */
  put(object: FakeObject, n: number, fields: Record<string, string | boolean | null>): string {
    this.#clock += 250;
    return this.#write(object, n, fields, this.#clock);
  }

  /** Several records changed in the same second (a bulk edit). */
  putAtOnce(
    object: FakeObject,
    changes: { n: number; fields: Record<string, string | boolean | null> }[],
  ): void {
    this.#clock += 1000;
    for (const { n, fields } of changes) this.#write(object, n, fields, this.#clock);
  }

  delete(object: FakeObject, n: number): void {
    const row = this.#rows.get(FakeSalesforce.id(object, n));
    if (row !== undefined) row.deletedAt = Date.now();
  }

  /** The user no longer sees this object (no Read permission): Salesforce then says INVALID_TYPE. */
  hide(object: FakeObject): void {
    this.#hidden.add(object);
  }

  /** Every session ends, as when a token expires or an admin revokes it. */
  expireSessions(): void {
    this.#tokens.clear();
  }

  fail(...faults: Fault[]): void {
    this.#faults.push(...faults);
  }

  /** The next `count` requests answer only after `ms`. */
  stall(ms: number, count = 1): void {
    for (let i = 0; i < count; i++) this.#stalls.push(ms);
  }

  breakAfter(pages: number): void {
    this.#breakAt = this.pages + pages;
  }

  mend(): void {
    this.#breakAt = Number.POSITIVE_INFINITY;
  }

  #write(object: FakeObject, n: number, fields: Record<string, string | boolean | null>, at: number): string {
    const Id = FakeSalesforce.id(object, n);
    const old = this.#rows.get(Id);
    const merged = { ...(old?.fields ?? {}), ...fields };
    const name = [merged.FirstName, merged.LastName].filter(
      (part) => typeof part === 'string' && part !== '',
    );
    merged.Name = name.join(' ');
    this.#rows.set(Id, {
      object,
      Id,
      fields: merged,
      modstamp: Math.floor(at / 1000) * 1000,
      deletedAt: null,
    });
    return Id;
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const body = await readBody(request);
    const stall = this.#stalls.shift();
    if (stall !== undefined) await new Promise((resolve) => setTimeout(resolve, stall));
    if (response.destroyed) return;
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.statuses.push(status);
      response.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
      response.end(JSON.stringify(payload));
    };
    const error = (
      status: number,
      errorCode: string,
      message: string,
      headers: Record<string, string> = {},
    ) => send(status, [{ message, errorCode }], headers);
    if (request.method === 'POST' && url.pathname === '/services/oauth2/token')
      return this.#token(new URLSearchParams(body), send);
    const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (!this.#tokens.has(token)) return error(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    const fault = this.#faults.shift();
    if (fault !== undefined) {
      const headers: Record<string, string> =
        fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
      const code = fault.errorCode ?? (fault.status === 503 ? 'SERVER_UNAVAILABLE' : 'UNKNOWN_EXCEPTION');
      return error(
        fault.status,
        code,
        code === 'REQUEST_LIMIT_EXCEEDED' ? 'TotalRequests Limit exceeded.' : 'fault',
        headers,
      );
    }
    const api = /^\/services\/data\/v\d+\.\d\/(.*?)\/?$/.exec(url.pathname)?.[1];
    if (request.method !== 'GET' || api === undefined)
      return error(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (api === 'query') return this.#query(url.searchParams.get('q') ?? '', request, send, error);
    const more = /^query\/(01g[A-Za-z0-9]+)-(\d+)$/.exec(api);
    if (more !== null) return this.#page(more[1] ?? '', Number(more[2]), send, error);
    const deleted = /^sobjects\/(\w+)\/deleted$/.exec(api);
    if (deleted !== null) return this.#deleted(deleted[1] ?? '', url.searchParams, send, error);
    return error(404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  #token(form: URLSearchParams, send: Send) {
    const refuse = (error: string, description: string) =>
      send(400, { error, error_description: description });
    if (form.get('grant_type') !== JWT_GRANT)
      return refuse('unsupported_grant_type', 'grant type not supported');
    const [header = '', claims = '', signature = ''] = (form.get('assertion') ?? '').split('.');
    const decode = (part: string) => {
      try {
        return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
      } catch {
        return {};
      }
    };
    const valid =
      this.#publicKey !== null &&
      decode(header).alg === 'RS256' &&
      verify(
        'sha256',
        Buffer.from(`${header}.${claims}`),
        this.#publicKey,
        Buffer.from(signature, 'base64url'),
      );
    if (!valid) return refuse('invalid_grant', 'invalid assertion');
    const claim = decode(claims);
    if (claim.iss !== SF_CLIENT_ID) return refuse('invalid_client_id', 'client identifier invalid');
    if (claim.aud !== this.url) return refuse('invalid_grant', 'audience is invalid');
    const exp = Number(claim.exp) * 1000;
    if (!(exp > Date.now() && exp <= Date.now() + 5 * 60_000))
      return refuse('invalid_grant', 'expired authorization code');
    if (claim.sub !== SF_USERNAME) return refuse('invalid_grant', "user hasn't approved this consumer");
    const accessToken = `00DDn0000000001!${randomBytes(24).toString('base64url')}`;
    this.#tokens.add(accessToken);
    this.tokensIssued++;
    send(200, {
      access_token: accessToken,
      scope: 'api',
      instance_url: this.url,
      id: `${this.url}/id/00DDn0000000001EAA/${FakeSalesforce.id('User', 999)}`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      signature: randomBytes(32).toString('base64'),
    });
  }

  #query(soql: string, request: IncomingMessage, send: Send, error: Failure) {
    this.soql.push(soql);
    const match =
      /^SELECT (.+) FROM (\w+)(?: WHERE SystemModstamp >= (\S+))? ORDER BY SystemModstamp, Id$/.exec(soql);
    if (match === null)
      return error(
        400,
        'MALFORMED_QUERY',
        `this fake understands only SELECT … FROM Contact|Lead [WHERE SystemModstamp >= …] ORDER BY SystemModstamp, Id: ${soql}`,
      );
    const [, list = '', object = '', since] = match;
    if ((object !== 'Contact' && object !== 'Lead') || this.#hidden.has(object))
      return error(
        400,
        'INVALID_TYPE',
        `\n${soql}\n^\nERROR at Row:1:Column:1\nsObject type '${object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`,
      );
    const fields = list.split(', ');
    for (const field of fields) {
      const problem = this.#unknownField(object, field);
      if (problem !== null)
        return error(400, 'INVALID_FIELD', `\n${soql}\n^\nERROR at Row:1:Column:8\n${problem}`);
    }
    let from = Number.NEGATIVE_INFINITY;
    if (since !== undefined) {
      if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?(Z|[+-]\d\d:\d\d)$/.test(since))
        return error(
          400,
          'MALFORMED_QUERY',
          `value of filter criterion for field 'SystemModstamp' must be of type dateTime: ${since}`,
        );
      from = Date.parse(since);
    }
    const rows = [...this.#rows.values()]
      .filter((row) => row.object === object && row.deletedAt === null && row.modstamp >= from)
      .sort((a, b) => a.modstamp - b.modstamp || (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0));
    const asked = /batchSize=(\d+)/.exec(String(request.headers['sforce-query-options'] ?? ''))?.[1];
    const batch = asked === undefined ? 2000 : Math.min(Math.max(Number(asked), 200), 2000);
    const id = `01gDn${String(this.#cursors.size + 1).padStart(13, '0')}`;
    this.#cursors.set(id, { rows, object, fields, batch });
    this.queries++;
    this.#page(id, 0, send, error);
  }

  #unknownField(object: FakeObject, field: string): string | null {
    const [head = '', tail, ...rest] = field.split('.');
    if (tail === undefined) {
      const known = ['Id', 'SystemModstamp', 'OwnerId', ...STANDARD[object], ...this.#custom];
      if (object === 'Contact') known.push('AccountId');
      if (object === 'Lead') known.push('IsConverted');
      return known.includes(head)
        ? null
        : `No such column '${head}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`;
    }
    const relation = RELATIONSHIPS[head];
    if (relation === undefined || rest.length > 0 || (object === 'Lead' && head === 'Account'))
      return `Didn't understand relationship '${head}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`;
    return relation.fields.includes(tail) ? null : `No such column '${tail}' on entity '${relation.type}'.`;
  }

  #page(id: string, offset: number, send: Send, error: Failure) {
    const cursor = this.#cursors.get(id);
    if (cursor === undefined) return error(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    if (this.pages >= this.#breakAt) return error(500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred.');
    this.pages++;
    const slice = cursor.rows.slice(offset, offset + cursor.batch);
    const next = offset + cursor.batch;
    const done = next >= cursor.rows.length;
    send(200, {
      totalSize: cursor.rows.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v62.0/query/${id}-${next}` }),
      records: slice.map((row) => this.#record(row, cursor.fields)),
    });
  }

  #record(row: Row, fields: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {
      attributes: { type: row.object, url: `/services/data/v62.0/sobjects/${row.object}/${row.Id}` },
    };
    for (const field of fields) {
      const [head = '', tail] = field.split('.');
      if (tail === undefined) {
        out[head] =
          head === 'Id'
            ? row.Id
            : head === 'SystemModstamp'
              ? new Date(row.modstamp).toISOString().replace('Z', '+0000')
              : (row.fields[head] ?? (head === 'IsConverted' ? false : null));
        continue;
      }
      const relation = RELATIONSHIPS[head];
      const key = row.fields[relation?.key ?? ''];
      const target =
        typeof key === 'string' ? (head === 'Owner' ? this.#users : this.#accounts).get(key) : undefined;
      if (relation === undefined || target === undefined) {
        out[head] = null;
        continue;
      }
      const nested = (out[head] ?? {
        attributes: {
          type: relation.type,
          url: `/services/data/v62.0/sobjects/${relation.type}/${target.Id}`,
        },
      }) as Record<string, unknown>;
      out[head] = nested;
      nested[tail] = (target as Record<string, string>)[tail] ?? null;
    }
    return out;
  }

  #deleted(object: string, params: URLSearchParams, send: Send, error: Failure) {
    if (object !== 'Contact' && object !== 'Lead')
      return error(404, 'NOT_FOUND', `The requested resource does not exist`);
    const start = Date.parse(params.get('start') ?? '');
    const end = Date.parse(params.get('end') ?? '');
    if (!Number.isFinite(start) || !Number.isFinite(end))
      return error(400, 'MALFORMED_QUERY', 'start and end must be dateTime values');
    if (end - start <= 60_000 || end - start > 30 * 24 * 3600_000 || start < this.earliestDeleted)
      return error(400, 'INVALID_REPLICATION_DATE', 'startDate before org replication enabled date');
    const deletedRecords = [...this.#rows.values()]
      .filter(
        (row) =>
          row.object === object && row.deletedAt !== null && row.deletedAt >= start && row.deletedAt <= end,
      )
      .map((row) => ({ id: row.Id, deletedDate: sfDate(row.deletedAt ?? 0) }));
    send(200, {
      deletedRecords,
      earliestDateAvailable: sfDate(this.earliestDeleted),
      latestDateCovered: sfDate(Math.floor(end / 60_000) * 60_000),
    });
  }
}

const sfDate = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

type Send = (status: number, payload: unknown, headers?: Record<string, string>) => void;
type Failure = (status: number, errorCode: string, message: string) => void;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
