import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";

export type Database<TSchema extends Record<string, unknown>> = PostgresJsDatabase<TSchema> & {
  $client: postgres.Sql;
};

export interface DatabaseOptions {
  /** Connections in the pool; a portal process needs few. */
  maxConnections?: number;
}

/** Opens a connection pool to one component's database. */
export function createDatabase<TSchema extends Record<string, unknown>>(
  url: string,
  schema: TSchema,
  options: DatabaseOptions = {},
): Database<TSchema> {
  const client = postgres(url, {
    max: options.maxConnections ?? 10,
    onnotice: () => {},
    // TMF timestamps are ISO strings in the documents; columns stay Date.
    connection: { application_name: process.env.COP_PILOT_COMPONENT ?? "cop-pilot" },
  });
  return drizzle({ client, schema, casing: "snake_case" }) as Database<TSchema>;
}
