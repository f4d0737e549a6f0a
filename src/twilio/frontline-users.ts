// The Frontline API's Users resource, behind a small port like the Conversations API's: routing asks whether a rep
// is there (`is_available`, `state`) and under which identity Frontline knows them. Same account, same HTTP
// client (tests point it at test/support/fake-twilio.ts), so one setting reaches both APIs.
import { ConversationsApiError, type ConversationsApiOptions } from './conversations.ts';

export interface FrontlineUser {
  sid: string;
  /** As Frontline spells it: Twilio identities are case-sensitive. */
  identity: string;
  /** `active` or `deactivated`. */
  state: string;
  isAvailable: boolean;
}

export interface FrontlineUsersApi {
  /** The user by identity or SID (US…); null when Frontline has no such user (404). */
  fetchUser(identityOrSid: string): Promise<FrontlineUser | null>;
}

export async function createFrontlineUsers(options: ConversationsApiOptions): Promise<FrontlineUsersApi> {
  const { default: twilio } = await import('twilio');
  const httpClient = options.httpClient ?? new twilio.RequestClient({ timeout: options.timeoutMs ?? 5000 });
  const client = twilio(options.accountSid, options.authToken, { httpClient });
  return {
    async fetchUser(identityOrSid) {
      try {
        const user = await client.frontlineApi.v1.users(identityOrSid).fetch();
        return {
          sid: user.sid,
          identity: user.identity,
          state: user.state ?? 'active',
          isAvailable: user.isAvailable !== false,
        };
      } catch (error) {
        const fields = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
        if (fields.status === 404) return null;
        const status = typeof fields.status === 'number' ? fields.status : undefined;
        const code = typeof fields.code === 'number' ? fields.code : undefined;
        throw new ConversationsApiError(status, code);
      }
    },
  };
}
