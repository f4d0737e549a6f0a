// The schema, as an append-only list: a released migration is never edited, a change is a new entry.
// README.md beside this file explains the tables, the indexes and the queries they serve.
import { DROPPED_PUNCTUATION, SEPARATING_PUNCTUATION } from '../../directory/text-key.ts';
import type { Migration } from '../migration.ts';

/**
 * text-key.ts's foldPunctuation in SQL, line by line (an e-mail key holds one address a line): apostrophes dropped,
 * hyphens, dashes and dots to spaces, runs of spaces to one, none at either end of a line. translate() deletes the
 * characters of its second argument that have no counterpart in the third.
 */
function foldPunctuationSql(key: string): string {
  const from = literal(SEPARATING_PUNCTUATION + DROPPED_PUNCTUATION);
  const to = literal(' '.repeat(Array.from(SEPARATING_PUNCTUATION).length));
  return `regexp_replace(regexp_replace(translate(${key}, ${from}, ${to}), ' {2,}', ' ', 'g'), '^ | $', '', 'gn')`;
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

// COLLATE "C" on every key column (and so on its indexes) makes comparisons byte order, the order the port defines,
// whatever the database's default collation. Keys arrive folded from JS, so neither lower() nor unaccent is needed.
// The *_head columns exist for customers_by_name: a btree entry must stay under ~2.7 kB, so it carries the first
// characters of the e-mail and phone keys (all of them, for any real customer) and keys_long marks the rest.
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'customers, assignments and trigram search',
    sql: `
      CREATE EXTENSION IF NOT EXISTS pg_trgm;

      CREATE TABLE customers (
        customer_id text COLLATE "C" PRIMARY KEY,
        display_name text NOT NULL,
        avatar text,
        name_key text COLLATE "C" NOT NULL,
        email_key text COLLATE "C" NOT NULL,
        phone_key text COLLATE "C" NOT NULL,
        doc text NOT NULL,
        workers text NOT NULL,
        email_head text COLLATE "C" GENERATED ALWAYS AS (left(email_key, 160)) STORED,
        phone_head text COLLATE "C" GENERATED ALWAYS AS (left(phone_key, 48)) STORED,
        keys_long boolean GENERATED ALWAYS AS (length(email_key) > 160 OR length(phone_key) > 48) STORED
      );
      CREATE INDEX customers_by_name ON customers (name_key, customer_id) INCLUDE (email_head, phone_head, keys_long);
      CREATE INDEX customers_name_trgm ON customers USING gin (name_key gin_trgm_ops);
      CREATE INDEX customers_email_trgm ON customers USING gin (email_key gin_trgm_ops);
      CREATE INDEX customers_phone_trgm ON customers USING gin (phone_key gin_trgm_ops);

      CREATE TABLE assignments (
        worker_key text COLLATE "C" NOT NULL,
        name_key text COLLATE "C" NOT NULL,
        customer_id text COLLATE "C" NOT NULL,
        PRIMARY KEY (worker_key, name_key, customer_id)
      );
    `,
  },
  {
    version: 2,
    name: 'channel addresses, for inbound conversations',
    // Keys as address.ts computes them: whatsapp without its prefix, e-mail ASCII lower-cased (lower() under "C").
    sql: `
      CREATE TABLE customer_addresses (
        address text COLLATE "C" NOT NULL,
        channel_type text COLLATE "C" NOT NULL,
        customer_id text COLLATE "C" NOT NULL,
        PRIMARY KEY (address, customer_id, channel_type)
      );
      INSERT INTO customer_addresses (address, channel_type, customer_id)
        SELECT CASE ch ->> 'type'
                 WHEN 'whatsapp' THEN substr(ch ->> 'value', 10)
                 WHEN 'email' THEN lower((ch ->> 'value') COLLATE "C")
                 ELSE ch ->> 'value' END,
               ch ->> 'type', c.customer_id
          FROM customers AS c, jsonb_array_elements(c.doc::jsonb -> 'channels') AS ch
        ON CONFLICT DO NOTHING;
    `,
  },
  {
    version: 3,
    name: 'worker profiles, for templates',
    // One row per workerKey, the primary key a template's lookup reads; names are NULL when the file gave none.
    sql: `
      CREATE TABLE workers (
        worker_key text COLLATE "C" PRIMARY KEY,
        identity text NOT NULL,
        display_name text,
        first_name text,
        last_name text
      );
    `,
  },
  {
    version: 4,
    name: 'keys fold apostrophes, hyphens and dots',
    // text-key.ts now folds punctuation (O’Brien is obrien, Jean-Marie is jean marie, e-mails alike): every stored
    // key is re-keyed in one pass over the book, and the assignments copy the new name keys. The indexes on the keys
    // are built again after the update rather than updated row by row (most e-mail keys change: they hold dots).
    sql: `
      DROP INDEX customers_by_name, customers_name_trgm, customers_email_trgm, customers_phone_trgm;
      UPDATE customers
         SET name_key = ${foldPunctuationSql('name_key')}, email_key = ${foldPunctuationSql('email_key')}
       WHERE name_key <> ${foldPunctuationSql('name_key')} OR email_key <> ${foldPunctuationSql('email_key')};
      CREATE INDEX customers_by_name ON customers (name_key, customer_id) INCLUDE (email_head, phone_head, keys_long);
      CREATE INDEX customers_name_trgm ON customers USING gin (name_key gin_trgm_ops);
      CREATE INDEX customers_email_trgm ON customers USING gin (email_key gin_trgm_ops);
      CREATE INDEX customers_phone_trgm ON customers USING gin (phone_key gin_trgm_ops);
      UPDATE assignments AS a SET name_key = c.name_key
        FROM customers AS c
       WHERE c.customer_id = a.customer_id AND a.name_key <> c.name_key;
    `,
  },
  {
    version: 5,
    name: 'an index for words of one and two characters',
    // pg_trgm cannot answer `qx` or `a`, so a whole-book search for them walked every customer (220 ms at 1M when
    // they match nobody). frontline_grams lists every character and pair of adjacent characters of a customer's keys
    // (search-terms.ts asks for a word's pairs); its GIN index finds the customers holding them. One expression of
    // C functions, which PostgreSQL inlines: the pairs are the keys with every character doubled, less the first
    // character, cut every two (chr(1) is in no key: import refuses control characters other than the e-mails'
    // newline). A set-returning SQL body cost ten times as much a row, and every import pays it.
    sql: `
      CREATE FUNCTION frontline_grams(name_key text, email_key text, phone_key text) RETURNS text[]
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT regexp_split_to_array(name_key || ' ' || email_key || ' ' || phone_key, '') || string_to_array(
                regexp_replace(
                  substr(regexp_replace(name_key || ' ' || email_key || ' ' || phone_key, '(.)', '\\1\\1', 'g'), 2),
                  '(..)', '\\1' || chr(1), 'g'),
                chr(1)) $$;
      CREATE INDEX customers_grams ON customers USING gin (frontline_grams(name_key, email_key, phone_key));
    `,
  },
  {
    version: 6,
    name: "a worker's assignments in customer_id order",
    // The directory API lists one worker's records keyset-paged by customer_id; the primary key runs by name.
    sql: 'CREATE INDEX assignments_by_worker ON assignments (worker_key, customer_id);',
  },
  {
    version: 7,
    name: 'keys of the directory API',
    // One row per key: its SHA-256 (unique, the one index a request reads), never the key. A revoked key's row is
    // deleted, so every instance stops accepting it at its next read.
    sql: `
      CREATE TABLE api_keys (
        name text COLLATE "C" PRIMARY KEY,
        key_hash text COLLATE "C" NOT NULL UNIQUE,
        read_only boolean NOT NULL,
        created_at timestamptz NOT NULL,
        last_used_at timestamptz
      );
    `,
  },
  {
    version: 8,
    name: 'the CRM sync state',
    // One row per source (hubspot, salesforce): the checkpoint the next incremental run starts from, opaque to the
    // store, and the last run's counts, errors and times (a null started_at: no run recorded).
    sql: `
      CREATE TABLE sync_state (
        source text COLLATE "C" PRIMARY KEY,
        checkpoint text,
        written integer NOT NULL DEFAULT 0,
        deleted integer NOT NULL DEFAULT 0,
        skipped integer NOT NULL DEFAULT 0,
        errors text,
        started_at timestamptz,
        finished_at timestamptz
      );
    `,
  },
  {
    version: 9,
    name: 'the CRM sync lease',
    // One run per source at a time, on every instance: the run's random id, its host and pid (for a person), when
    // it took the lease and when it lapses unless renewed, by the server's clock (instances' clocks may differ).
    sql: `
      ALTER TABLE sync_state
        ADD COLUMN lease_owner text COLLATE "C",
        ADD COLUMN lease_holder text,
        ADD COLUMN lease_since timestamptz,
        ADD COLUMN lease_expires timestamptz;
    `,
  },
  {
    version: 10,
    name: 'routing state',
    // Routing on every instance as one: a pool's round robin turn (one row a pool, taken by an atomic UPDATE ...
    // RETURNING), the conversations routed in the last ROUTING_WINDOW_HOURS (pruned by routed_at as rows are added)
    // and the identity each worker's own callbacks spell, by workerKey.
    sql: `
      CREATE TABLE routing_turns (pool text COLLATE "C" PRIMARY KEY, turn bigint NOT NULL);
      CREATE TABLE routed_conversations (
        conversation_sid text COLLATE "C" PRIMARY KEY,
        worker_key text COLLATE "C" NOT NULL,
        routed_at timestamptz NOT NULL
      );
      CREATE INDEX routed_by_worker ON routed_conversations (worker_key, routed_at);
      CREATE INDEX routed_by_time ON routed_conversations (routed_at);
      CREATE TABLE worker_identities (
        worker_key text COLLATE "C" PRIMARY KEY,
        identity text COLLATE "C" NOT NULL,
        seen_at timestamptz NOT NULL
      );
    `,
  },
  {
    version: 11,
    name: 'records created from Frontline',
    // The directory API's ?source=inbound (SQLite migration 15 says why): a partial index of those rows alone, in
    // customer_id order. doc is text (customer-row.ts); the cast to jsonb is immutable, so it may index.
    sql: `
      CREATE INDEX customers_inbound ON customers (customer_id)
        WHERE (doc::jsonb ->> 'source') = 'inbound';
    `,
  },
  {
    version: 12,
    name: 'channel opt-outs',
    // A customer's STOP, kept per channel address (its type and the key address.ts computes), not per customer: an
    // import or a CRM sync rewrites customers and cannot clear it, and it holds for every customer with that address.
    sql: `
      CREATE TABLE opt_outs (
        channel_type text COLLATE "C" NOT NULL,
        address text COLLATE "C" NOT NULL,
        opted_out_at timestamptz NOT NULL,
        PRIMARY KEY (channel_type, address)
      );
    `,
  },
];
