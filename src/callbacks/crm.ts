// POST /callbacks/crm: Frontline's CRM callback. Verified and form-validated before it gets here; this file picks
// the operation by Location, checks that operation's fields and answers from the directory.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import type { Visibility } from '../config.ts';
import type { Directory } from '../directory/directory.ts';
import { AppError } from '../errors.ts';
import { checked } from './checked-form.ts';
import { type CreateCustomerDeps, createCustomer } from './create-customer.ts';
import { withOptOutNote } from './opted-out-channels.ts';
import { CallbackForm, Customer, CustomerSummary, ErrorResponse } from './schemas.ts';
import { workerWithoutCustomers } from './worker-without-customers.ts';

/** Frontline caps a callback's response at 64 KB; the page's customers get this much, the envelope the rest. */
export const LIST_BYTES_BUDGET = 60 * 1024;
export const DEFAULT_PAGE_SIZE = 30;

const ListForm = Type.Object({
  PageSize: Type.Optional(Type.String({ pattern: '^\\s*[0-9]{1,9}\\s*$' })),
  Anchor: Type.Optional(Type.String({ maxLength: 256 })),
  NextPageToken: Type.Optional(Type.String({ maxLength: 16384 })),
  Query: Type.Optional(Type.String({ maxLength: 256 })),
});

const DetailsForm = Type.Object({ CustomerId: Type.String({ minLength: 1, maxLength: 256 }) });

export const ListResponse = Type.Object({
  objects: Type.Object({
    customers: Type.Array(CustomerSummary),
    searchable: Type.Literal(true),
    next_page_token: Type.Optional(Type.String()),
  }),
});

export const DetailsResponse = Type.Object({ objects: Type.Object({ customer: Customer }) });

const listForm = checked(ListForm);
const detailsForm = checked(DetailsForm);

function pageSizeOf(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PAGE_SIZE;
  const size = Number(raw.trim());
  if (size < 1) throw new AppError('bad_request', 'PageSize must be at least 1');
  return size;
}

type Operation = (form: CallbackForm, log: FastifyBaseLogger) => Promise<unknown>;

export interface CrmDeps {
  directory: Directory;
  visibility: Visibility;
  /** CRM_ALLOW_CREATE=true: Location=CreateCustomer writes through this; absent, it is an unknown location. */
  create?: CreateCustomerDeps;
}

export function crmRoutes(app: FastifyInstance, { directory, visibility, create }: CrmDeps): void {
  const reportWithoutCustomers = workerWithoutCustomers();
  const operations: Record<string, Operation> = {
    async GetCustomersList(form, log) {
      const fields = listForm(form);
      const page = await directory.list({
        worker: form.Worker,
        pageSize: pageSizeOf(fields.PageSize),
        query: fields.Query,
        anchor: fields.Anchor,
        nextPageToken: fields.NextPageToken,
        maxBytes: LIST_BYTES_BUDGET,
      });
      const firstPage = fields.NextPageToken === undefined && fields.Anchor === undefined;
      const unsearched = fields.Query === undefined || fields.Query.trim() === '';
      if (visibility === 'assigned' && firstPage && unsearched && page.customers.length === 0)
        reportWithoutCustomers(form.Worker, log);
      const objects = {
        customers: page.customers,
        searchable: true as const,
        next_page_token: page.nextPageToken,
      };
      return { objects } satisfies Static<typeof ListResponse>;
    },
    async GetCustomerDetailsByCustomerId(form) {
      const { CustomerId } = detailsForm(form);
      const customer = await directory.details(form.Worker, CustomerId);
      return { objects: { customer: await withOptOutNote(directory, customer) } };
    },
  };
  if (create !== undefined)
    operations.CreateCustomer = async (form, log) => ({
      objects: { customer: await createCustomer(form, create, log) },
    });
  const locations = Object.keys(operations);

  app.post<{ Body: CallbackForm }>(
    '/callbacks/crm',
    {
      schema: {
        body: CallbackForm,
        response: {
          200: Type.Union([ListResponse, DetailsResponse]),
          '4xx': ErrorResponse,
          '5xx': ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const operation = Object.hasOwn(operations, request.body.Location)
        ? operations[request.body.Location]
        : undefined;
      if (operation === undefined)
        throw new AppError(
          'unknown_location',
          `Location must be ${locations.slice(0, -1).join(', ')} or ${locations.at(-1)}`,
        );
      // Serialized here rather than by the response schema: the page was already sized in bytes as JSON.
      return reply
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(await operation(request.body, request.log)));
    },
  );
}
