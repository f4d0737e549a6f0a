// The renumbering an import runs at its end (name-rank.ts says why ranks are renumbered at all). Migration 4's text
// (RENUMBER_SQL) updates customers in name order, which at 1M customers jumps all over a 1.6 GB table with each row,
// and then fills both search indexes through the rank index, fetching every row again by rowid: most of a 1M import's
// time. Here the ranks are counted once from the name index alone (it covers name_key, customer_id and the search
// keys) into a small temporary table, the customers are updated in rowid order (each page once), and the search
// indexes are filled from the name index in the same order, which is rank order. Same ranks, same entries.
import type { Connection } from './connection.ts';
import { RANK_GAP } from './name-rank.ts';

const RANKS = 'temp.frontline_ranks';

export function renumberBook(db: Connection): void {
  db.exec(`DROP INDEX IF EXISTS customers_by_rank;
    INSERT INTO customer_search (customer_search) VALUES ('delete-all');
    INSERT INTO customer_grams (customer_grams) VALUES ('delete-all');
    DROP TABLE IF EXISTS ${RANKS};
    CREATE TABLE ${RANKS} (id INTEGER PRIMARY KEY, rank INTEGER NOT NULL);
    INSERT INTO ${RANKS} (id, rank)
      SELECT id, row_number() OVER (ORDER BY name_key, customer_id) * ${RANK_GAP}
        FROM customers INDEXED BY customers_by_name;
    UPDATE customers SET name_rank = (SELECT rank FROM ${RANKS} AS r WHERE r.id = customers.id);
    CREATE UNIQUE INDEX customers_by_rank ON customers (name_rank);
    INSERT INTO customer_search (rowid, name_key, email_key, phone_key)
      SELECT r.rank, c.name_key, c.email_key, c.phone_key
        FROM customers AS c INDEXED BY customers_by_name CROSS JOIN ${RANKS} AS r ON r.id = c.id
       ORDER BY c.name_key, c.customer_id;
    INSERT INTO customer_grams (rowid, grams)
      SELECT r.rank, frontline_grams(c.name_key, c.email_key, c.phone_key)
        FROM customers AS c INDEXED BY customers_by_name CROSS JOIN ${RANKS} AS r ON r.id = c.id
       ORDER BY c.name_key, c.customer_id;
    DROP TABLE ${RANKS};`);
}
