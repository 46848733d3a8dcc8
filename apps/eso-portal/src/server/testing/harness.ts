import { count } from "drizzle-orm";
import { esoSchema } from "@cop-pilot/db";
import { createTestDatabase, type TestDatabase } from "@cop-pilot/db/testing";

// Shared set-up of the ESO integration tests: a fresh migrated database on
// the test PostgreSQL, the environment the ESO reads, and a helper that calls
// route handlers the way Next.js does.

export const testApiToken = "eso-test-token-0123456789";
export const testBaseUrl = "http://127.0.0.1:3001";

export type EsoTestDatabase = TestDatabase<typeof esoSchema>;

/** Creates the test database and points the ESO's `db()` and `env()` at it. Call before the first request. */
export async function createEsoTestDatabase(): Promise<EsoTestDatabase> {
  const database = await createTestDatabase("eso", esoSchema);
  process.env.DATABASE_URL = database.url;
  process.env.API_TOKEN = testApiToken;
  process.env.BETTER_AUTH_SECRET = "test-secret-that-is-at-least-32-characters-long";
  process.env.PUBLIC_URL = testBaseUrl;
  process.env.PEER_REQUEST_TIMEOUT_MS = "3000";
  (globalThis as unknown as { esoDatabase?: unknown }).esoDatabase = database.db;
  return database;
}

type Handler<TParams> = (request: Request, context: { params: Promise<TParams> }) => Promise<Response>;

export interface CallOptions<TParams> {
  method?: string;
  path: string;
  /** An object is sent as JSON; a string is sent as it is, to test malformed bodies. */
  body?: unknown;
  /** Bearer token; null sends none. Defaults to the ESO's API token. */
  token?: string | null;
  params?: TParams;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: any;
}

/** Calls a route handler with a Request as Next.js builds it. */
export async function call<TParams>(handler: Handler<TParams>, options: CallOptions<TParams>): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? testApiToken : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  const response = await handler(new Request(`${testBaseUrl}${options.path}`, { method: options.method ?? "GET", headers, body }), {
    params: Promise.resolve((options.params ?? {}) as TParams),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) };
}

const countedTables = {
  peer: esoSchema.peer,
  peerImport: esoSchema.peerImport,
  peerSpecificationSync: esoSchema.peerSpecificationSync,
  peerCheck: esoSchema.peerCheck,
  federatedSpecificationChange: esoSchema.federatedSpecificationChange,
  organization: esoSchema.organization,
  serviceCatalog: esoSchema.serviceCatalog,
  serviceCategory: esoSchema.serviceCategory,
  serviceSpecification: esoSchema.serviceSpecification,
  serviceOrder: esoSchema.serviceOrder,
  serviceOrderStateHistory: esoSchema.serviceOrderStateHistory,
  serviceOrderDelegation: esoSchema.serviceOrderDelegation,
  cancelServiceOrder: esoSchema.cancelServiceOrder,
  serviceOrderIdempotencyKey: esoSchema.serviceOrderIdempotencyKey,
};

/** Row counts of every table the ESO writes, to assert that a rejected request wrote nothing. */
export async function countRows(db: EsoTestDatabase["db"]): Promise<Record<keyof typeof countedTables, number>> {
  const entries = await Promise.all(
    Object.entries(countedTables).map(async ([name, table]) => {
      const [row] = await db.select({ total: count() }).from(table);
      return [name, Number(row?.total ?? 0)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<keyof typeof countedTables, number>;
}
