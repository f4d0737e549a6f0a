// List queries are assembled from a few fragments (scope, tier, search path, paging), so there are a few dozen
// distinct SQL texts at most; preparing each once per connection keeps SQLite's parse and plan off the hot path.
import type Database from 'better-sqlite3';
import type { Connection } from './connection.ts';

export type Params = Record<string, string | number | null>;
export type Prepare = (sql: string) => Database.Statement<[Params]>;

export function statementCache(db: Connection): Prepare {
  const cache = new Map<string, Database.Statement<[Params]>>();
  return (sql) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = db.prepare<[Params]>(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}
