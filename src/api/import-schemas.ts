// The shapes of POST /api/v1/imports (TypeBox): its query, its NDJSON body as the OpenAPI document shows it, and its
// answers, which say what the import did (or would have done) whether it was committed or refused.
import Type, { type Static } from 'typebox';

const flag = (description: string) =>
  Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description }));

export const ImportQuery = Type.Object(
  {
    mode: Type.Optional(
      Type.Union([Type.Literal('upsert'), Type.Literal('replace')], {
        description:
          'upsert (default): write the lines and leave every other customer; replace: the book becomes exactly the body',
      }),
    ),
    skip_invalid: flag(
      'Write the valid lines even when some are invalid (by default one invalid line writes nothing)',
    ),
    dry_run: flag('Do everything but commit: the answer says what the import would have done'),
    force: flag('replace only: commit whatever the replace removes'),
    max_remove: Type.Optional(
      Type.String({
        pattern: '^([0-9]+|[0-9]+(\\.[0-9]+)?%)$',
        description:
          'replace only: the most it may remove without force, N customers or P% of the book (10%)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ImportQuery = Static<typeof ImportQuery>;

export const NDJSON_BODY = {
  content: {
    'application/x-ndjson': {
      schema: {
        type: 'string',
        description:
          'One JSON object per line, UTF-8: a record to upsert (the import format, as PUT takes it, with its ' +
          'customer_id), or {"customer_id": "…", "deleted": true} to delete that customer. A customer_id at most ' +
          'once per body. Streamed, at most API_IMPORT_MAX_BYTES (1 GiB by default).',
      },
    },
  },
};

const count = (description: string) => Type.Integer({ minimum: 0, description });

const ImportCounts = {
  committed: Type.Boolean({ description: 'false for a dry run or a refusal: then nothing was written' }),
  upserted: count('Records written or found as written: added + updated + unchanged'),
  added: count('New customers'),
  updated: count('Stored customers that changed'),
  unchanged: count('Stored customers already as written'),
  deleted: count('Customers removed by deletion lines (a deletion of a customer not stored is passed over)'),
  removed: count('Customers a replace removed because the body does not list them'),
  invalid: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() }), {
    description: 'The first 100 invalid lines, in body order',
  }),
  invalid_count: count('Every invalid line, listed or not'),
};

export const ImportAnswer = Type.Object(ImportCounts, { description: 'What the import did' });
export type ImportAnswer = Static<typeof ImportAnswer>;

export const ImportRefused = Type.Object(
  {
    error: Type.Object({ code: Type.String(), message: Type.String() }),
    ...ImportCounts,
    book_before: Type.Optional(count('replace: customers stored before the import')),
    removal_allowed: Type.Optional(count('replace: the most it may remove without force')),
  },
  { description: 'Nothing was written; the counts say what the import would have done' },
);
