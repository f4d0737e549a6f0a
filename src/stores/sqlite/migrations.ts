// The schema, as an append-only list: a released migration is never edited, a change is a new entry.
// README.md beside this file explains the tables and the queries they serve.
import type { Migration } from '../migration.ts';
import { FILL_GRAMS_SQL, RENUMBER_SQL } from './name-rank.ts';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'customers, assignments and trigram search',
    sql: `
      CREATE TABLE customers (
        id INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        avatar TEXT,
        name_key TEXT NOT NULL,
        email_key TEXT NOT NULL,
        phone_key TEXT NOT NULL,
        doc TEXT NOT NULL,
        workers TEXT NOT NULL
      ) STRICT;
      CREATE INDEX customers_by_name ON customers (name_key, customer_id, email_key, phone_key);

      CREATE TABLE assignments (
        worker_key TEXT NOT NULL,
        name_key TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        customer INTEGER NOT NULL,
        PRIMARY KEY (worker_key, name_key, customer_id)
      ) STRICT, WITHOUT ROWID;

      CREATE VIRTUAL TABLE customer_search USING fts5 (
        name_key, email_key, phone_key,
        content = '', contentless_delete = 1,
        tokenize = 'trigram case_sensitive 1'
      );
    `,
  },
  {
    version: 2,
    name: 'channel addresses, for inbound conversations',
    // Keys as address.ts computes them: whatsapp without its prefix, e-mail ASCII lower-cased (SQLite's lower()).
    sql: `
      CREATE TABLE customer_addresses (
        address TEXT NOT NULL,
        channel_type TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        customer INTEGER NOT NULL,
        PRIMARY KEY (address, customer_id, channel_type)
      ) STRICT, WITHOUT ROWID;
      INSERT OR IGNORE INTO customer_addresses (address, channel_type, customer_id, customer)
        SELECT CASE ch.value ->> '$.type'
                 WHEN 'whatsapp' THEN substr(ch.value ->> '$.value', 10)
                 WHEN 'email' THEN lower(ch.value ->> '$.value')
                 ELSE ch.value ->> '$.value' END,
               ch.value ->> '$.type', c.customer_id, c.id
          FROM customers AS c, json_each(c.doc, '$.channels') AS ch;
    `,
  },
  {
    version: 3,
    name: 'assignments carry what a list page and a search read',
    // A worker's page then reads one range of the assignments key and nothing else, instead of one customers row
    // per listed customer at random places in the file (see README.md, "A list page"). Rebuilt rather than
    // altered: rows inserted in key order make a packed tree, where an UPDATE of every row would split pages.
    sql: `
      CREATE TABLE assignments_v3 (
        worker_key TEXT NOT NULL,
        name_key TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        customer INTEGER NOT NULL,
        display_name TEXT NOT NULL,
        avatar TEXT,
        email_key TEXT NOT NULL,
        phone_key TEXT NOT NULL,
        PRIMARY KEY (worker_key, name_key, customer_id)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO assignments_v3
        SELECT a.worker_key, a.name_key, a.customer_id, a.customer, c.display_name, c.avatar, c.email_key, c.phone_key
          FROM assignments AS a JOIN customers AS c ON c.id = a.customer
         ORDER BY a.worker_key, a.name_key, a.customer_id;
      DROP TABLE assignments;
      ALTER TABLE assignments_v3 RENAME TO assignments;
    `,
  },
  {
    version: 4,
    name: 'name ranks, and the trigram index keyed by them',
    // The trigram index's rowids become ranks in name order (name-rank.ts), so that FTS5 lists a trigram's
    // customers in name order. Rebuilt, not altered: every rowid changes.
    sql: `
      ALTER TABLE customers ADD COLUMN name_rank INTEGER;
      DROP TABLE customer_search;
      CREATE VIRTUAL TABLE customer_search USING fts5 (
        name_key, email_key, phone_key,
        content = '', contentless_delete = 1,
        tokenize = 'trigram case_sensitive 1'
      );
      ${RENUMBER_SQL}
    `,
  },
  {
    version: 5,
    name: 'channel addresses by customer',
    // A customer whose channels change has its old addresses deleted by customer: without this index every such
    // delete scanned the whole table, which made re-importing a changed book quadratic (2 ms a record at 10k).
    sql: 'CREATE INDEX customer_addresses_by_customer ON customer_addresses (customer);',
  },
  {
    version: 6,
    name: 'worker profiles, for templates',
    // One row per workerKey, the primary key a template's lookup reads; names are NULL when the file gave none.
    sql: `
      CREATE TABLE workers (
        worker_key TEXT PRIMARY KEY,
        identity TEXT NOT NULL,
        display_name TEXT,
        first_name TEXT,
        last_name TEXT
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'keys fold apostrophes, hyphens and dots',
    // text-key.ts now folds punctuation (O’Brien is obrien, Jean-Marie is jean marie, e-mails alike): every stored
    // key is re-keyed with the same function (connection.ts), in one pass over the book. A name that changes moves
    // in name order, so the assignments are rebuilt in key order (as in migration 3) and every customer is ranked
    // and indexed again (as in migration 4). The name index is rebuilt rather than updated row by row.
    sql: `
      DROP INDEX customers_by_name;
      UPDATE customers
         SET name_key = frontline_fold_punctuation(name_key), email_key = frontline_fold_punctuation(email_key)
       WHERE name_key <> frontline_fold_punctuation(name_key) OR email_key <> frontline_fold_punctuation(email_key);
      CREATE INDEX customers_by_name ON customers (name_key, customer_id, email_key, phone_key);
      CREATE TABLE assignments_v6 (
        worker_key TEXT NOT NULL,
        name_key TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        customer INTEGER NOT NULL,
        display_name TEXT NOT NULL,
        avatar TEXT,
        email_key TEXT NOT NULL,
        phone_key TEXT NOT NULL,
        PRIMARY KEY (worker_key, name_key, customer_id)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO assignments_v6
        SELECT a.worker_key, c.name_key, a.customer_id, a.customer, a.display_name, a.avatar, c.email_key, c.phone_key
          FROM assignments AS a JOIN customers AS c ON c.id = a.customer
         ORDER BY a.worker_key, c.name_key, a.customer_id;
      DROP TABLE assignments;
      ALTER TABLE assignments_v6 RENAME TO assignments;
      DROP INDEX customers_by_rank;
      INSERT INTO customer_search (customer_search) VALUES ('delete-all');
      ${RENUMBER_SQL}
    `,
  },
  {
    version: 8,
    name: 'an index for words of one and two characters',
    // The trigram index cannot answer `qx` or `a`, so a whole-book search for them walked every customer (0.2–0.5 s
    // at 1M when they match almost nobody). This one holds every character and pair of adjacent characters of each
    // customer's words (short-grams.ts), keyed by name rank like the trigram index; detail=none: no positions, the
    // terms are all a probe needs.
    sql: `
      CREATE VIRTUAL TABLE customer_grams USING fts5 (
        grams, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii'
      );
      ${FILL_GRAMS_SQL}
    `,
  },
  {
    version: 9,
    name: "a worker's assignments in customer_id order",
    // The directory API lists one worker's records keyset-paged by customer_id; the primary key runs by name.
    sql: 'CREATE INDEX assignments_by_worker ON assignments (worker_key, customer_id);',
  },
  {
    version: 10,
    name: 'keys of the directory API',
    // One row per key: its SHA-256 (unique, the one index a request reads), never the key. Times are ISO-8601 UTC
    // text (Date.toISOString), which sorts as time does. A revoked key's row is deleted.
    sql: `
      CREATE TABLE api_keys (
        name TEXT PRIMARY KEY,
        key_hash TEXT NOT NULL UNIQUE,
        read_only INTEGER NOT NULL CHECK (read_only IN (0, 1)),
        created_at TEXT NOT NULL,
        last_used_at TEXT
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 11,
    name: 'search indexes merge their segments less eagerly',
    // Each write transaction flushes its search entries as a new FTS5 segment; with the default automerge (4) the
    // next flushes spend their time merging segments: 3.4 ms of CPU a commit for one customer's two entries at 1M
    // customers, most of a single write's cost. At 16 it was 0.5 ms over 1,500 commits, and a common trigram's first
    // page read as fast afterwards (129 and 135 µs). A persistent FTS5 option, kept through every rebuild.
    sql: `
      INSERT INTO customer_search (customer_search, rank) VALUES ('automerge', 16);
      INSERT INTO customer_grams (customer_grams, rank) VALUES ('automerge', 16);
    `,
  },
  {
    version: 12,
    name: 'the CRM sync state',
    // One row per source (hubspot, salesforce): the checkpoint the next incremental run starts from, opaque to the
    // store, and the last run's counts, errors and times (ISO-8601 UTC text; a null started_at: no run recorded).
    sql: `
      CREATE TABLE sync_state (
        source TEXT PRIMARY KEY,
        checkpoint TEXT,
        written INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        errors TEXT,
        started_at TEXT,
        finished_at TEXT
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 13,
    name: 'the CRM sync lease',
    // One run per source at a time: the run's random id, its host and pid (for a person), when it took the lease and
    // when it lapses unless renewed (ISO-8601 UTC text, by this host's clock: every writer of the file is on it).
    sql: `
      ALTER TABLE sync_state ADD COLUMN lease_owner TEXT;
      ALTER TABLE sync_state ADD COLUMN lease_holder TEXT;
      ALTER TABLE sync_state ADD COLUMN lease_since TEXT;
      ALTER TABLE sync_state ADD COLUMN lease_expires TEXT;
    `,
  },
  {
    version: 14,
    name: 'routing state',
    // Routing on every instance as one: a pool's round robin turn (one row a pool), the conversations routed in the
    // last ROUTING_WINDOW_HOURS (pruned by routed_at as rows are added) and the identity each worker's own
    // callbacks spell, by workerKey. Times are ISO-8601 UTC text, which sorts as time does.
    sql: `
      CREATE TABLE routing_turns (pool TEXT PRIMARY KEY, turn INTEGER NOT NULL) STRICT, WITHOUT ROWID;
      CREATE TABLE routed_conversations (
        conversation_sid TEXT PRIMARY KEY,
        worker_key TEXT NOT NULL,
        routed_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX routed_by_worker ON routed_conversations (worker_key, routed_at);
      CREATE INDEX routed_by_time ON routed_conversations (routed_at);
      CREATE TABLE worker_identities (
        worker_key TEXT PRIMARY KEY,
        identity TEXT NOT NULL,
        seen_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 15,
    name: 'records created from Frontline',
    // The directory API's ?source=inbound: the customers this service created (a stranger's first message, a
    // rep's CreateCustomer) that the CRM has not adopted yet. The source lives in the row's JSON document
    // (customer-row.ts); a partial index holds only those rows, in customer_id order, so a page of them costs its own
    // size and every other write pays nothing. The query repeats this WHERE term exactly, so the planner can use it.
    sql: `
      CREATE INDEX customers_inbound ON customers (customer_id)
        WHERE json_extract(doc, '$.source') = 'inbound';
    `,
  },
  {
    version: 16,
    name: 'channel opt-outs',
    // A customer's STOP, kept per channel address (its type and the key address.ts computes), not per customer: an
    // import or a CRM sync rewrites customers and cannot clear it, and it holds for every customer with that address.
    // opted_out_at is ISO-8601 UTC text.
    sql: `
      CREATE TABLE opt_outs (
        channel_type TEXT NOT NULL,
        address TEXT NOT NULL,
        opted_out_at TEXT NOT NULL,
        PRIMARY KEY (channel_type, address)
      ) STRICT, WITHOUT ROWID;
    `,
  },
];
