// The CRM sync's settings, from the environment like every other setting: HUBSPOT_ACCESS_TOKEN (a private app's
// token), HUBSPOT_BASE_URL (HubSpot's API host unless a test or a proxy says otherwise) and SYNC_MAPPING_FILE. A
// malformed one stops the command with one line naming the variable; the token is never echoed.
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

function baseUrl(raw: string | undefined): string {
  if (raw === undefined || raw === '') return HUBSPOT_API;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('HUBSPOT_BASE_URL', `must be an absolute http(s) URL (got "${raw}")`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    fail('HUBSPOT_BASE_URL', `must be an absolute http(s) URL (got "${raw}")`);
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
