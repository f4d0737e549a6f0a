// /api/v1/customers: one record at a time (GET, PUT, PATCH, DELETE, with ETags and conditions) and the whole book
// in customer_id order. Every write goes through the store's single-record write, which checks the condition inside
// its own transaction, so a write that fails, or loses a race, changes nothing.
import type { FastifyInstance, FastifyReply } from 'fastify';
import mergePatch from 'json-merge-patch';
import type { CountryCode } from 'libphonenumber-js';
import type { CustomerRecord, RecordSource } from '../directory/customer.ts';
import type { CustomerStore, StoredRecord } from '../directory/customer-store.ts';
import { withOptOutTimes } from '../directory/opt-outs.ts';
import { workerKey } from '../directory/text-key.ts';
import { AppError } from '../errors.ts';
import { logWrite } from './api-caller.ts';
import { etagOf, notModified, writeCondition } from './etag.ts';
import { cursorAfter, customerIdOfCursor } from './list-cursor.ts';
import { type RecordInput, recordInput } from './record-input.ts';
import {
  CustomerParams,
  ErrorBody,
  ETagHeader,
  ListQuery,
  RecordList,
  CustomerRecord as RecordSchema,
} from './schemas.ts';

export interface CustomerRoutesDeps {
  store: CustomerStore;
  defaultCountry: CountryCode | undefined;
}

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;
/** A PATCH without If-Match that loses a race to another write reads the record again, this many times at most. */
const PATCH_ATTEMPTS = 3;

const noSuchCustomer = () => new AppError('customer_not_found', 'No customer with this customer_id');
const preconditionFailed = () =>
  new AppError(
    'precondition_failed',
    'The record has changed since that ETag (or the condition does not hold)',
  );

type Params = { customer_id: string };
type Conditional = { 'if-match'?: string; 'if-none-match'?: string };

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 503: ErrorBody };
const recordAnswer = { description: 'The record as stored', headers: ETagHeader, ...RecordSchema };

/**
 * The record as stored, its channels with their opt-out times (one keyed probe a channel). The ETag is the record's
 * version alone: an opt-out is no part of the record, and writing one never conflicts with a write of the record.
 */
async function sendRecord(
  store: CustomerStore,
  reply: FastifyReply,
  stored: StoredRecord,
  status = 200,
): Promise<FastifyReply> {
  const [record] = await withOptOutTimes((addresses) => store.optOuts.optedOut(addresses), [stored.record]);
  return reply.code(status).header('etag', etagOf(stored.version)).send(record);
}

export function customerRoutes(app: FastifyInstance, deps: CustomerRoutesDeps): void {
  const { store } = deps;

  app.get<{ Params: Params; Headers: Conditional }>(
    '/customers/:customer_id',
    {
      schema: {
        summary: 'One customer record',
        params: CustomerParams,
        response: { 200: recordAnswer, 304: { description: 'Not modified', type: 'null' }, ...errors },
      },
    },
    async (request, reply) => {
      const stored = await store.getRecord(request.params.customer_id);
      if (stored === null) throw noSuchCustomer();
      if (notModified(request.headers['if-none-match'], stored.version))
        return reply.code(304).header('etag', etagOf(stored.version)).send();
      return sendRecord(store, reply, stored);
    },
  );

  app.put<{ Params: Params; Headers: Conditional }>(
    '/customers/:customer_id',
    {
      schema: {
        summary: 'Create or replace one customer record',
        params: CustomerParams,
        body: RecordSchema,
        response: { 200: recordAnswer, 201: recordAnswer, 412: ErrorBody, 413: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const { customer_id: customerId } = request.params;
      const condition = writeCondition(request.headers['if-match'], request.headers['if-none-match']);
      const { record, optOuts } = recordInput(request.body, customerId, deps.defaultCountry);
      const outcome = await store.putRecord(record, condition, optOuts);
      if (outcome.kind === 'precondition_failed') throw preconditionFailed();
      const created = outcome.kind === 'created';
      if (created) reply.header('location', `${request.url.split('?')[0]}`);
      await sendRecord(store, reply, outcome.stored, created ? 201 : 200);
      logWrite(request, reply, created ? 'create' : 'replace', 1);
      return reply;
    },
  );

  app.patch<{ Params: Params; Headers: Conditional }>(
    '/customers/:customer_id',
    {
      schema: {
        summary: 'Change some fields of one customer record (JSON Merge Patch, RFC 7396)',
        params: CustomerParams,
        body: { type: 'object', description: 'A merge patch: fields to set, null to remove' },
        response: { 200: recordAnswer, 412: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const { customer_id: customerId } = request.params;
      if (request.headers['if-none-match'] !== undefined)
        throw new AppError('bad_request', 'PATCH changes a record that exists: If-None-Match does not apply');
      const asked = writeCondition(request.headers['if-match'], undefined);
      const patch = request.body;
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch))
        throw new AppError('bad_request', 'A merge patch is a JSON object');
      for (let attempt = 1; ; attempt += 1) {
        const current = await store.getRecord(customerId);
        if (current === null) throw noSuchCustomer();
        if (asked.kind === 'version' && !asked.versions.includes(current.version)) throw preconditionFailed();
        const { record, optOuts } = patched(current.record, patch, customerId, deps.defaultCountry);
        // Written only over the record the patch was applied to: a write in between is a conflict, not lost.
        const condition = { kind: 'version', versions: [current.version] } as const;
        const outcome = await store.putRecord(record, condition, optOuts);
        if (outcome.kind !== 'precondition_failed') {
          await sendRecord(store, reply, outcome.stored);
          logWrite(request, reply, 'update', 1);
          return reply;
        }
        if (asked.kind !== 'any' || attempt >= PATCH_ATTEMPTS) throw preconditionFailed();
      }
    },
  );

  app.delete<{ Params: Params; Headers: Conditional }>(
    '/customers/:customer_id',
    {
      schema: {
        summary: 'Remove one customer and its assignments',
        params: CustomerParams,
        response: { 204: { description: 'Removed', type: 'null' }, 412: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      if (request.headers['if-none-match'] !== undefined)
        throw new AppError(
          'bad_request',
          'DELETE removes a record that exists: If-None-Match does not apply',
        );
      const condition = writeCondition(request.headers['if-match'], undefined);
      const outcome = await store.removeRecord(request.params.customer_id, condition);
      if (outcome.kind === 'not_found') throw noSuchCustomer();
      if (outcome.kind === 'precondition_failed') throw preconditionFailed();
      reply.code(204).send();
      logWrite(request, reply, 'delete', 1);
      return reply;
    },
  );

  app.get<{ Querystring: { limit?: string; after?: string; worker?: string; source?: RecordSource } }>(
    '/customers',
    {
      schema: {
        summary: 'Every customer record in customer_id order, a page at a time',
        querystring: ListQuery,
        response: { 200: RecordList, ...errors },
      },
    },
    async (request) => {
      const { query } = request;
      const limit = query.limit === undefined ? DEFAULT_LIST_LIMIT : Number(query.limit);
      if (limit < 1 || limit > MAX_LIST_LIMIT)
        throw new AppError('bad_request', `limit must be 1 to ${MAX_LIST_LIMIT}`);
      const after = query.after === undefined ? null : customerIdOfCursor(query.after);
      const worker = query.worker === undefined ? null : workerKey(query.worker);
      // Each filter has an index of its own; both at once would have to read one of them past the other's misses.
      if (worker !== null && query.source !== undefined)
        throw new AppError('bad_request', 'Filter by worker or by source, not both');
      const source = query.source === undefined ? {} : { source: query.source };
      // One more than the page: whether there is a next page, without a count.
      const records = await store.listRecords({ after, limit: limit + 1, workerKey: worker, ...source });
      const page = records.slice(0, limit);
      const last = page.at(-1);
      const customers = await withOptOutTimes((addresses) => store.optOuts.optedOut(addresses), page);
      return { customers, next: records.length > limit && last ? cursorAfter(last.customer_id) : null };
    },
  );
}

function patched(
  current: CustomerRecord,
  patch: object,
  customerId: string,
  defaultCountry: CountryCode | undefined,
): RecordInput {
  const given = (patch as { customer_id?: unknown }).customer_id;
  if (given !== undefined && given !== customerId)
    throw new AppError(
      'bad_request',
      'A patch cannot change customer_id: create the new record and delete this one',
    );
  return recordInput(mergePatch.apply(structuredClone(current), patch), customerId, defaultCountry);
}
