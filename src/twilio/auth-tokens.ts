// The Twilio Auth Tokens a signature may be made with: the primary (TWILIO_AUTH_TOKEN) and, while one is rotated,
// the secondary (TWILIO_AUTH_TOKEN_SECONDARY). Twilio signs with whichever is primary on its side at that moment, so
// accepting both lets the console's "promote" happen with no downtime.
import type { Config } from '../config.ts';

const TOKEN_SHAPE = /^[0-9a-f]{32}$/;

export function authTokens(config: Readonly<Config>): string[] {
  return [config.twilioAuthToken, config.twilioAuthTokenSecondary].filter(
    (token): token is string => token !== undefined,
  );
}

/** One warning per token that is not 32 lower-case hex digits, as Twilio's are (a paste with a quote, an API key secret). */
export function authTokenWarnings(config: Readonly<Config>): string[] {
  const named: [string, string | undefined][] = [
    ['TWILIO_AUTH_TOKEN', config.twilioAuthToken],
    ['TWILIO_AUTH_TOKEN_SECONDARY', config.twilioAuthTokenSecondary],
  ];
  return named
    .filter(([, token]) => token !== undefined && !TOKEN_SHAPE.test(token))
    .map(
      ([name, token]) =>
        `${name} is not 32 hexadecimal characters (it has ${token?.length}): Twilio's Auth Tokens are; ` +
        'signatures made with the real token will not match it',
    );
}
