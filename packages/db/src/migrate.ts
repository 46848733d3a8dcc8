import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { migrateJobQueue } from "./job-queue";

export type Component = "do" | "eso" | "bmp";

/**
 * Finds the folder of drizzle-kit migrations. Inside a Next.js server bundle
 * `import.meta.url` does not point at this package, so the environment or the
 * working directory decide there.
 */
export function migrationsFolder(component: Component): string {
  const candidates = [
    process.env.COP_PILOT_MIGRATIONS_DIR,
    safeModuleDir() && path.resolve(safeModuleDir()!, "../migrations"),
    path.resolve(process.cwd(), "packages/db/migrations"),
    path.resolve(process.cwd(), "../../packages/db/migrations"),
  ].filter((candidate): candidate is string => Boolean(candidate));
  for (const base of candidates) {
    const folder = path.join(base, component);
    if (existsSync(path.join(folder, "meta/_journal.json"))) return folder;
  }
  throw new Error(`Migrations for ${component} not found; set COP_PILOT_MIGRATIONS_DIR to packages/db/migrations`);
}

function safeModuleDir(): string | undefined {
  try {
    return path.dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
}

/**
 * Applies the component's pending migrations to the database at `url`, then
 * those of the job queue, whose tables graphile-worker owns.
 */
export async function migrateDatabase(component: Component, url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle({ client }), { migrationsFolder: migrationsFolder(component) });
  } finally {
    await client.end();
  }
  await migrateJobQueue(url);
}

/** Counts the component's migrations and those applied to the database at `url`; equal counts mean the schema is current. */
export async function migrationStatus(component: Component, url: string): Promise<{ expected: number; applied: number }> {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder(component), "meta/_journal.json"), "utf8")) as { entries: unknown[] };
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const [table] = await client`select to_regclass('drizzle.__drizzle_migrations') as name`;
    if (!table?.name) return { expected: journal.entries.length, applied: 0 };
    const [row] = await client`select count(*)::int as applied from drizzle.__drizzle_migrations`;
    return { expected: journal.entries.length, applied: row?.applied ?? 0 };
  } finally {
    await client.end();
  }
}

/** Creates the database `name` on the server at `serverUrl` unless it exists. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Invalid database name "${name}"`);
  const client = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await client`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) await client.unsafe(`create database "${name}"`);
  } finally {
    await client.end();
  }
  return withDatabase(serverUrl, name);
}

/** Returns `url` with its database replaced by `name`. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
