// The key check of a service that has no key store to ask: every directory API request is refused with 401 and told
// how a key is made, so that the API is closed unless someone has opened it.
import type { onRequestHookHandler } from 'fastify';
import { AppError } from '../errors.ts';

export const apiClosed: onRequestHookHandler = (_request, reply, done) => {
  reply.header('www-authenticate', 'Bearer');
  done(
    new AppError(
      'unauthorized',
      'The directory API needs an API key, and none exists yet: create one with `frontline api-key create NAME`',
    ),
  );
};
