// The CRM sync's settings, from the environment like every other setting: HUBSPOT_ACCESS_TOKEN (a private app's
// token), HUBSPOT_BASE_URL (HubSpot's API host unless a test or a proxy says otherwise) and SYNC_MAPPING_FILE; and
// Salesforce's (loadSalesforceConfig): an access token with its instance URL, or the JWT bearer flow's login URL,
// client id, username and private key file. A malformed one stops the command with one line naming the variable; no
// token or key is ever echoed.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Env, fail } from '../config-values.ts';

export interface HubspotSettings {
  accessToken: string;
  baseUrl: string;
}

export interface SyncConfig {
  /** null when HUBSPOT_ACCESS_TOKEN is unset: `sync hubspot` then refuses to start, saying so. */
  hubspot: HubspotSettings | null;
  mappingFile: string | undefined;
}

export const HUBSPOT_API = 'https://api.hubapi.com';

function baseUrl(raw: string | undefined, variable = 'HUBSPOT_BASE_URL', fallback = HUBSPOT_API): string {
  if (raw === undefined || raw === '') return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(variable, `must be an absolute http(s) URL (got "${raw}")`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    fail(variable, `must be an absolute http(s) URL (got "${raw}")`);
  return url.href.replace(/\/+$/, '');
}

export function loadSyncConfig(env: Env): Readonly<SyncConfig> {
  const token = env.HUBSPOT_ACCESS_TOKEN?.trim() ?? '';
  if (/\s/.test(token)) fail('HUBSPOT_ACCESS_TOKEN', 'must be one token, without spaces');
  const mapping = env.SYNC_MAPPING_FILE?.trim() ?? '';
  return Object.freeze({
    hubspot: token === '' ? null : { accessToken: token, baseUrl: baseUrl(env.HUBSPOT_BASE_URL?.trim()) },
    mappingFile: mapping === '' ? undefined : mapping,
  });
}

export const SALESFORCE_LOGIN = 'https://login.salesforce.com';

/** How the Salesforce sync signs in: a token someone else renews, or the JWT bearer flow, which renews itself. */
export type SalesforceSettings =
  | { kind: 'token'; instanceUrl: string; accessToken: string }
  | { kind: 'jwt'; loginUrl: string; clientId: string; username: string; privateKey: KeyObject };

const JWT_VARIABLES = ['SALESFORCE_CLIENT_ID', 'SALESFORCE_USERNAME', 'SALESFORCE_PRIVATE_KEY_FILE'] as const;

/** null when neither way is set up: `sync salesforce` then refuses to start, saying what to set. */
export function loadSalesforceConfig(env: Env): Readonly<SalesforceSettings> | null {
  const value = (name: string) => env[name]?.trim() ?? '';
  const token = value('SALESFORCE_ACCESS_TOKEN');
  if (token !== '') {
    if (/\s/.test(token)) fail('SALESFORCE_ACCESS_TOKEN', 'must be one token, without spaces');
    if (value('SALESFORCE_INSTANCE_URL') === '')
      fail('SALESFORCE_INSTANCE_URL', 'must be set with SALESFORCE_ACCESS_TOKEN (your My Domain URL)');
    return Object.freeze({
      kind: 'token',
      instanceUrl: baseUrl(value('SALESFORCE_INSTANCE_URL'), 'SALESFORCE_INSTANCE_URL'),
      accessToken: token,
    });
  }
  if (JWT_VARIABLES.every((name) => value(name) === '')) return null;
  for (const name of JWT_VARIABLES)
    if (value(name) === '')
      fail(
        name,
        `must be set for the JWT bearer flow (with ${JWT_VARIABLES.filter((n) => n !== name).join(', ')})`,
      );
  return Object.freeze({
    kind: 'jwt',
    loginUrl: baseUrl(value('SALESFORCE_LOGIN_URL'), 'SALESFORCE_LOGIN_URL', SALESFORCE_LOGIN),
    clientId: value('SALESFORCE_CLIENT_ID'),
    username: value('SALESFORCE_USERNAME'),
    privateKey: readPrivateKey(value('SALESFORCE_PRIVATE_KEY_FILE')),
  });
}

function readPrivateKey(path: string): KeyObject {
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (error) {
    return fail(
      'SALESFORCE_PRIVATE_KEY_FILE',
      `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    return fail('SALESFORCE_PRIVATE_KEY_FILE', `${path} is not a PEM private key (unencrypted, RSA)`);
  }
  if (key.asymmetricKeyType !== 'rsa')
    fail('SALESFORCE_PRIVATE_KEY_FILE', `${path} is not an RSA key (Salesforce signs with RS256)`);
  return key;
}
