// The JWT bearer flow's assertion (RFC 7523, as Salesforce documents it for a Connected App with a certificate):
// header {"alg":"RS256"}, claims iss (the Connected App's consumer key), sub (the user), aud (the login URL) and exp
// (three minutes at most), signed with the private key that matches the app's certificate. jsforce has no JWT flow
// of its own (it only posts the grant), so the signing is node:crypto's. What Salesforce answers when it refuses
// becomes one line naming the setting to fix.
import { sign } from 'node:crypto';
import { CliError } from '../cli/cli-error.ts';
import type { SalesforceSettings } from './sync-config.ts';

export const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

type JwtSettings = Extract<SalesforceSettings, { kind: 'jwt' }>;

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export function jwtAssertion(settings: JwtSettings, now = Date.now()): string {
  const header = base64url(JSON.stringify({ alg: 'RS256' }));
  const claims = base64url(
    JSON.stringify({
      iss: settings.clientId,
      sub: settings.username,
      aud: settings.loginUrl,
      exp: Math.floor(now / 1000) + 180,
    }),
  );
  const signature = sign('sha256', Buffer.from(`${header}.${claims}`), settings.privateKey);
  return `${header}.${claims}.${base64url(signature)}`;
}

/** Salesforce's OAuth error (jsforce names the error by `error` and carries `error_description` as its message). */
export function jwtRefused(error: { name?: unknown; message?: unknown }): CliError {
  const code = typeof error.name === 'string' ? error.name : 'error';
  const description = typeof error.message === 'string' ? (error.message.split('\n')[0] ?? '') : '';
  const said = `${code}${description === '' ? '' : `: ${description}`}`;
  return new CliError(`Salesforce refused the JWT sign-in (${said}): ${hint(code, description)}`);
}

function hint(code: string, description: string): string {
  if (code === 'invalid_client_id' || code === 'invalid_client')
    return 'set SALESFORCE_CLIENT_ID to the Connected App consumer key';
  if (/approved/.test(description))
    return 'pre-authorize SALESFORCE_USERNAME for the Connected App (Admin approved users, its profile or a permission set)';
  if (/audience/.test(description))
    return 'set SALESFORCE_LOGIN_URL to https://login.salesforce.com, https://test.salesforce.com or your My Domain';
  if (/user/.test(description)) return 'check SALESFORCE_USERNAME (the Salesforce user the sync reads as)';
  if (/assertion|signature/.test(description))
    return 'SALESFORCE_PRIVATE_KEY_FILE must match the certificate uploaded to the Connected App';
  return 'check SALESFORCE_CLIENT_ID, SALESFORCE_USERNAME and SALESFORCE_PRIVATE_KEY_FILE';
}
