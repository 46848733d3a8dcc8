import { doSchema } from "@cop-pilot/db";
import { createTestDatabase, type TestDatabase } from "@cop-pilot/db/testing";
import type { DomainId } from "@cop-pilot/service-library";
import { vi } from "vitest";

// Integration tests call the DO's route handlers directly, on a fresh database
// of a real PostgreSQL server. The app's modules read the environment and
// keep one pool, auth instance and cluster driver per process, so a test file
// sets the environment and clears those first, then imports the modules.

export const testApiToken = "do-test-api-token-0123456789";
export const testBaseUrl = "http://127.0.0.1:39610";

export interface DoTestOptions {
  domainId?: DomainId;
  readyDelayMs?: number;
  failArtifacts?: string[];
}

export type DoTestDatabase = TestDatabase<typeof doSchema>;

/** Creates a migrated DO database and points the app's environment at it. */
export async function createDoTestEnvironment(options: DoTestOptions = {}): Promise<DoTestDatabase> {
  const database = await createTestDatabase("do", doSchema);
  vi.stubEnv("DATABASE_URL", database.url);
  vi.stubEnv("BETTER_AUTH_SECRET", "do-test-secret-0123456789abcdefghijklmnop");
  vi.stubEnv("PUBLIC_URL", testBaseUrl);
  vi.stubEnv("API_TOKEN", testApiToken);
  vi.stubEnv("DOMAIN_ID", options.domainId ?? "lulea");
  vi.stubEnv("KUBECONFIG_PATH", "");
  vi.stubEnv("CLUSTER_READY_DELAY_MS", String(options.readyDelayMs ?? 0));
  vi.stubEnv("CLUSTER_FAIL_ARTIFACTS", (options.failArtifacts ?? []).join(","));
  vi.stubEnv("ORDER_POLL_INTERVAL_MS", "50");

  const globals = globalThis as unknown as Record<string, unknown>;
  for (const name of ["doDatabase", "doAuth", "doCluster", "doOrderProcessor"]) delete globals[name];
  vi.resetModules();
  return database;
}

/** Closes the app's pool, then drops the test database. */
export async function dropDoTestEnvironment(database: DoTestDatabase | undefined): Promise<void> {
  const globals = globalThis as unknown as Record<string, { $client?: { end(): Promise<void> } } | undefined>;
  await globals.doDatabase?.$client?.end();
  delete globals.doDatabase;
  vi.unstubAllEnvs();
  await database?.drop();
}

export interface TestRequestOptions {
  body?: unknown;
  /** Raw body text, sent as is; wins over `body`. */
  text?: string;
  /** Bearer token; defaults to the DO's API token, null sends none. */
  token?: string | null;
  headers?: Record<string, string>;
}

/** Builds a request to the DO as the ESO sends it: JSON and a bearer token. */
export function tmfRequest(method: string, path: string, options: TestRequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  const token = options.token === undefined ? testApiToken : options.token;
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  let body: string | undefined;
  if (options.text !== undefined) body = options.text;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers.set("content-type", "application/json");
  return new Request(`${testBaseUrl}${path}`, { method, headers, body });
}

/** The second argument Next.js passes to a route handler. */
export function routeParams<TParams extends Record<string, string>>(params: TParams) {
  return { params: Promise.resolve(params) };
}

export const noParams = { params: Promise.resolve({} as Record<string, never>) };
