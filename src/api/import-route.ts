// POST /api/v1/imports: an NDJSON body (records and deletion lines) streamed through the import driver, in one store
// transaction, exactly as `frontline import` reads a file: memory holds one batch, whatever the body's size; one
// invalid line writes nothing unless skip_invalid; a replace keeps its removal limit. The answer says what was (or
// would have been) written; a refused import answers its counts too, under the error.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { CountryCode } from 'libphonenumber-js';
import type { CustomerStore } from '../directory/customer-store.ts';
import { AppError, ERROR_CODES, type ErrorCode } from '../errors.ts';
import { type ImportResult, importCustomers, removalLimitOf } from '../import/import-customers.ts';
import { logWrite } from './api-caller.ts';
import { countedBody, tooLarge } from './counted-body.ts';
import { ImportAnswer, ImportQuery, ImportRefused, NDJSON_BODY } from './import-schemas.ts';
import { ErrorBody } from './schemas.ts';

export const NDJSON_TYPE = 'application/x-ndjson';
/** As `frontline import --max-errors`' default: the answer lists this many invalid lines, and counts them all. */
export const MAX_LISTED_INVALID = 100;
// Reader errors name their source (src/import/README.md): this is how the body's are told from the store's.
const LABEL = 'the body';

export interface ImportRouteDeps {
  store: CustomerStore;
  defaultCountry: CountryCode | undefined;
  importMaxBytes: number;
}

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  413: ErrorBody,
  415: ErrorBody,
  503: ErrorBody,
};

export function importRoutes(api: FastifyInstance, deps: ImportRouteDeps): void {
  api.post<{ Querystring: ImportQuery }>(
    '/imports',
    {
      schema: {
        summary: 'Import NDJSON records and deletion lines in one transaction',
        querystring: ImportQuery,
        body: NDJSON_BODY,
        response: { 200: ImportAnswer, 409: ImportRefused, 422: ImportRefused, ...errors },
      },
    },
    async (request, reply) => {
      const options = importOptions(request.query);
      const { body } = request;
      if (!(body instanceof Readable))
        throw new AppError(
          'unsupported_media_type',
          `Send the lines as ${NDJSON_TYPE}: one JSON object per line`,
        );
      if (Number(request.headers['content-length']) > deps.importMaxBytes)
        throw tooLarge(deps.importMaxBytes);
      const invalid: { line: number; reason: string }[] = [];
      let invalidCount = 0;
      const result = await importCustomers(deps.store, {
        source: { stream: countedBody(body, deps.importMaxBytes), label: LABEL },
        format: 'ndjson',
        ...options,
        defaultCountry: deps.defaultCountry,
        onInvalid: (line, reason) => {
          invalidCount += 1;
          if (invalid.length < MAX_LISTED_INVALID) invalid.push({ line, reason });
        },
      }).catch((error: unknown) => {
        throw bodyError(error);
      });
      const answer = { ...answerOf(result), invalid, invalid_count: invalidCount };
      const refusal = refusalOf(result);
      reply.code(refusal === undefined ? 200 : ERROR_CODES[refusal.code]);
      logWrite(
        request,
        reply,
        'import',
        result.committed ? answer.upserted + answer.deleted + answer.removed : 0,
      );
      return refusal === undefined ? answer : { error: refusal, ...answer, ...replaceCounts(result) };
    },
  );
}

function importOptions(query: ImportQuery) {
  const replace = query.mode === 'replace';
  const force = query.force === 'true';
  if ((force || query.max_remove !== undefined) && !replace)
    throw new AppError('bad_request', 'query force and max_remove only apply to mode=replace');
  const removalLimit = query.max_remove === undefined ? undefined : removalLimitOf(query.max_remove);
  if (query.max_remove !== undefined && removalLimit === undefined)
    throw new AppError(
      'bad_request',
      'query max_remove must be a number of customers or a percentage up to 100%',
    );
  return {
    replace,
    force,
    removalLimit,
    skipInvalid: query.skip_invalid === 'true',
    dryRun: query.dry_run === 'true',
  };
}

/** A reader's error about the body (a line over 4 MB, bytes that are not UTF-8) is the client's: 400. */
function bodyError(error: unknown): unknown {
  if (error instanceof AppError || !(error instanceof Error) || !error.message.startsWith(LABEL))
    return error;
  // The readers' hints name the CLI's --encoding; a body is UTF-8, and the API has no such option.
  const message = error.message.replace(/ \([^)]*--encoding[^)]*\)/, '');
  return new AppError('bad_request', `${message}: nothing was written`);
}

function answerOf(result: ImportResult) {
  const { committed, added, updated, unchanged, deleted, removed } = result;
  return { committed, upserted: added + updated + unchanged, added, updated, unchanged, deleted, removed };
}

function replaceCounts(result: ImportResult) {
  if (result.bookBefore === undefined || result.removalAllowed === undefined) return {};
  return { book_before: result.bookBefore, removal_allowed: result.removalAllowed };
}

function refusalOf(result: ImportResult): { code: ErrorCode; message: string } | undefined {
  switch (result.refusal) {
    case undefined:
    case 'dry-run':
      return undefined;
    case 'invalid':
      return {
        code: 'invalid_lines',
        message: `${result.skipped} invalid line(s): nothing was written (fix them, or pass skip_invalid=true)`,
      };
    case 'unidentified':
      return {
        code: 'unidentified_lines',
        message: `${result.unidentified} line(s) could not be read, so this replace cannot tell which customers they keep: nothing was written (fix them, or pass force=true)`,
      };
    case 'removal-limit':
      return {
        code: 'removal_limit',
        message: `this replace would remove ${result.removed} of ${result.bookBefore} customer(s), more than the ${result.removalAllowed} it may without force: nothing was written (check the body, or pass force=true)`,
      };
  }
}
