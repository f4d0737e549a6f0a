// The schema, as an append-only list: a released migration is never edited, a change is a new entry.
// README.md beside this file explains the tables and the queries they serve.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

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
];
