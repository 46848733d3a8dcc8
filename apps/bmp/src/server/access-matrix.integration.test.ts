import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkAccessMatrix, signInEveryRole, type Caller } from "@cop-pilot/auth/access-matrix";
import { bmpSchema } from "@cop-pilot/db";
import { createTestDatabase, stopTestServer, type TestDatabase } from "@cop-pilot/db/testing";
import { accessMatrix } from "./access-matrix";

// Calls every route handler and server action of the BMP as every role, an
// API client and an anonymous caller, with real sessions on a real
// PostgreSQL, and compares the answers with the table in access-matrix.ts.
// Server actions run with `next/headers` returning the caller's headers,
// which is what Next.js hands to `requireUser`.

const actionRequest = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => actionRequest.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined, updateTag: () => undefined, refresh: () => undefined }));

const appDirectory = fileURLToPath(new URL("../app", import.meta.url));
const baseUrl = "http://127.0.0.1:39877";
const apiToken = "bmp-access-matrix-token-0123456789";
let database: TestDatabase<typeof bmpSchema>;
let headersFor: (caller: Caller) => Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase("bmp", bmpSchema);
  vi.stubEnv("DATABASE_URL", database.url);
  vi.stubEnv("BETTER_AUTH_SECRET", "bmp-access-matrix-secret-0123456789abcdef");
  vi.stubEnv("PUBLIC_URL", baseUrl);
  vi.stubEnv("API_TOKEN", apiToken);
  // Nothing listens there: a call that reaches the ESO fails fast and stays on this machine.
  vi.stubEnv("ESO_URL", "http://127.0.0.1:9");
  vi.stubEnv("ESO_API_TOKEN", "eso-access-matrix-token-0123456789");
  vi.stubEnv("ESO_TIMEOUT_MS", "500");
  vi.stubEnv("ASSISTANT_BASE_URL", "");
  const { auth } = await import("./auth");
  const { db } = await import("./db");
  headersFor = await signInEveryRole({ db: db(), auth: auth(), apiToken });
});

afterAll(async () => {
  const globals = globalThis as unknown as { bmpDatabase?: { $client: { end(): Promise<void> } } };
  await globals.bmpDatabase?.$client.end();
  vi.unstubAllEnvs();
  await database?.drop();
  await stopTestServer();
});

describe("BMP access matrix", () => {
  it("matches every route and action", async () => {
    const report = await checkAccessMatrix({
      appDirectory,
      matrix: accessMatrix,
      tablePath: "apps/bmp/src/server/access-matrix.ts",
      baseUrl,
      headersFor,
      importModule: (file) => import(/* @vite-ignore */ path.resolve(file)),
      setActionHeaders: (headers) => {
        actionRequest.headers = headers;
      },
    });
    expect(report.problems).toEqual([]);
    expect(report.routeCalls).toBeGreaterThan(100);
    expect(report.actionCalls).toBeGreaterThan(50);
  });
});
