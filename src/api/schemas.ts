// The directory API's shapes (TypeBox): what the routes declare, and what the OpenAPI document (openapi.ts) shows.
// Record bodies are checked by the import's own rules (record-input.ts), which list every problem with its path; the
// body schema describes a valid record, the same line as an import file.
import Type, { type Static } from 'typebox';
import { CHANNEL_TYPES, RECORD_SOURCES } from '../directory/customer.ts';

export const CustomerRecord = Type.Object(
  {
    customer_id: Type.String({ minLength: 1, maxLength: 256 }),
    display_name: Type.String({ minLength: 1, maxLength: 200 }),
    avatar: Type.Optional(Type.String({ description: 'An https URL' })),
    channels: Type.Optional(
      Type.Array(
        Type.Object({
          type: Type.Union(CHANNEL_TYPES.map((type) => Type.Literal(type))),
          value: Type.String({
            description: 'E.164 for sms, whatsapp:+E.164 for whatsapp, an address for email',
          }),
          opted_out_at: Type.Optional(
            Type.Union([Type.String(), Type.Null()], {
              description:
                'When this address opted out (a customer texted STOP); absent when it has not. Written: a time ' +
                'marks it opted out, null clears it, absent leaves it as it is (docs/directory-api.md#opt-outs)',
            }),
          ),
        }),
      ),
    ),
    links: Type.Optional(
      Type.Array(Type.Object({ type: Type.String(), value: Type.String(), display_name: Type.String() })),
    ),
    details: Type.Optional(Type.Object({ title: Type.String(), content: Type.String() })),
    workers: Type.Array(Type.String({ minLength: 1, maxLength: 256 }), {
      maxItems: 1000,
      description: 'The identities of the workers whose lists show this customer',
    }),
    source: Type.Optional(
      Type.Union(
        RECORD_SOURCES.map((source) => Type.Literal(source)),
        {
          description:
            "inbound: created by this service from Frontline (a stranger's first message, or a rep's CreateCustomer), not adopted by the CRM yet. Absent for every other customer; a PUT without it adopts the customer.",
        },
      ),
    ),
  },
  { description: 'One line of the import format, as the store holds it (normalized)' },
);
export type CustomerRecord = Static<typeof CustomerRecord>;

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  }),
});

export const CustomerParams = Type.Object({ customer_id: Type.String({ minLength: 1, maxLength: 256 }) });

export const ListQuery = Type.Object({
  limit: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,4}$', description: '1 to 1000; 100 when not given' }),
  ),
  after: Type.Optional(Type.String({ maxLength: 1024, description: 'The `next` cursor of the page before' })),
  worker: Type.Optional(
    Type.String({ minLength: 1, maxLength: 256, description: "Only this worker's customers" }),
  ),
  source: Type.Optional(
    Type.Union(
      RECORD_SOURCES.map((source) => Type.Literal(source)),
      { description: 'Only customers of this source (not together with worker)' },
    ),
  ),
});

export const RecordList = Type.Object({
  customers: Type.Array(CustomerRecord),
  next: Type.Union([Type.String(), Type.Null()], {
    description: 'The cursor of the next page; null on the last',
  }),
});

const ETAG = {
  description: 'The version of the record as stored: send it as If-Match to write only over it',
};
export const ETagHeader = Type.Object({ etag: Type.String(ETAG) });
