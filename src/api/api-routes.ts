// The directory API under /api/v1: JSON in and out, the service's error shape, an API key on every route but the
// OpenAPI document. Its own encapsulated scope: the Twilio signature check of the callbacks does not apply here, the
// key check does not apply there, and only JSON bodies are parsed (the callbacks' forms are not).
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { CountryCode } from 'libphonenumber-js';
import type { CustomerStore } from '../directory/customer-store.ts';
import { AppError } from '../errors.ts';
import { apiKeyAuth } from './api-key-auth.ts';
import { customerRoutes } from './customer-routes.ts';
import { importRoutes, NDJSON_TYPE } from './import-route.ts';
import { OPENAPI_PATH, openapiOptions } from './openapi.ts';
import { paramsValidator } from './params-validator.ts';

export const API_PREFIX = '/api/v1';
/**
 * A record is at most 60,000 bytes of customer JSON plus up to 1,000 worker identities (the import's bounds, which
 * every record obeys): a body past this is refused with 413 before it is read whole.
 */
export const RECORD_BODY_LIMIT_BYTES = 1024 * 1024;
const JSON_TYPES = ['application/json', 'application/merge-patch+json'];

export interface ApiDeps {
  store: CustomerStore;
  defaultCountry: CountryCode | undefined;
  version: string;
  /** The largest body POST /imports reads (Config.apiImportMaxBytes). */
  importMaxBytes: number;
}

export async function apiRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  await app.register(
    async (api) => {
      api.removeAllContentTypeParsers();
      const json = api.getDefaultJsonParser('error', 'error');
      api.addContentTypeParser(
        JSON_TYPES,
        { parseAs: 'string', bodyLimit: RECORD_BODY_LIMIT_BYTES },
        (request, body, done) => {
          const text = typeof body === 'string' ? body : body.toString('utf8');
          if (text.trim() === '')
            return done(new AppError('bad_request', 'The body is empty; send a JSON object'), undefined);
          json(request, text, (error, value) =>
            error === null
              ? done(null, value)
              : done(new AppError('bad_request', 'The body is not valid JSON'), undefined),
          );
        },
      );
      // An import's body is handed on as the request stream, read a batch at a time: bodyLimit does not apply to
      // it, import-route.ts counts its bytes.
      api.addContentTypeParser(NDJSON_TYPE, (_request, payload, done) => done(null, payload));
      api.setValidatorCompiler(paramsValidator);
      await api.register(swagger, openapiOptions(deps.version));
      api.addHook(
        'onRequest',
        apiKeyAuth({ keys: deps.store.apiKeys, exempt: [`${API_PREFIX}${OPENAPI_PATH}`] }),
      );
      api.get(OPENAPI_PATH, { schema: { hide: true } }, async () => api.swagger());
      customerRoutes(api, deps);
      importRoutes(api, deps);
    },
    { prefix: API_PREFIX },
  );
}
