import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createDatabase, type Database } from "./client";
import { startEmbeddedPostgres, type EmbeddedServer } from "./embedded";
import { ensureDatabase, migrateDatabase, type Component } from "./migrate";

// Integration tests run on a real PostgreSQL: the server named by
// TEST_DATABASE_URL, or else an embedded server that this module starts once
// per test process.

let serverPromise: Promise<{ url: string; stop: () => Promise<void> }> | undefined;

async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL, stop: async () => {} };
  const parent = mkdtempSync(path.join(os.tmpdir(), "cop-pilot-test-pg-"));
  let server: EmbeddedServer | undefined;
  // A random port can be taken between the check and the server's bind, so a failed start tries another.
  for (let attempt = 1; !server; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    try {
      server = await startEmbeddedPostgres({ dataDir: path.join(parent, "data"), port });
    } catch (error) {
      if (attempt >= 3) throw error;
      console.warn(`Test PostgreSQL did not start (${(error as Error).message}); trying another port`);
    }
  }
  return {
    url: server.url,
    stop: async () => {
      await server!.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

export interface TestDatabase<TSchema extends Record<string, unknown>> {
  url: string;
  db: Database<TSchema>;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** Creates a fresh, migrated database for one component on the test server. */
export async function createTestDatabase<TSchema extends Record<string, unknown>>(
  component: Component,
  schema: TSchema,
): Promise<TestDatabase<TSchema>> {
  serverPromise ??= startServer();
  const server = await serverPromise;
  const name = `test_${component}_${randomBytes(6).toString("hex")}`;
  const url = await ensureDatabase(server.url, name);
  await migrateDatabase(component, url);
  const db = createDatabase(url, schema, { maxConnections: 5 });
  return {
    url,
    db,
    drop: async () => {
      await db.$client.end();
      const admin = postgres(server.url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/** Stops the embedded test server, if this process started one. */
export async function stopTestServer(): Promise<void> {
  if (!serverPromise) return;
  const server = await serverPromise;
  serverPromise = undefined;
  await server.stop();
}
