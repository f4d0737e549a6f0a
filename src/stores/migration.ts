// One schema change of a store (SQLite or PostgreSQL): each store keeps its own append-only list of these and
// records the applied versions in `schema_migrations`.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
