import type { Tx } from './database.js';

/**
 * A query prepared once per pooled connection (drizzle's `.prepare(name)`): its SQL is built once, and
 * PostgreSQL parses and plans it once per connection instead of on every request. For the hottest
 * reads only; `build` must always make the same SQL, and the name must be unique across the API.
 * (Behind PgBouncer in transaction mode, named statements need its prepared-statement support.)
 */
export function preparedPerConnection<T>(build: (tx: Tx) => T): (tx: Tx) => T {
  // Database binds one Tx per pooled connection and reuses it, so a Tx stands for its connection.
  const statements = new WeakMap<Tx, T>();
  return (tx) => {
    let statement = statements.get(tx);
    if (statement === undefined) statements.set(tx, (statement = build(tx)));
    return statement;
  };
}
