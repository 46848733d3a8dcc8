import path from "node:path";
import { createDatabase, ensureDatabase, migrateDatabase, type Component } from "@cop-pilot/db";
import { startEmbeddedPostgres } from "@cop-pilot/db/embedded";
import * as authSchema from "@cop-pilot/db/schema/auth";
import { upsertAccount } from "@cop-pilot/auth/accounts";
import type { LauncherConfig } from "./config";
import type { Credentials, Secrets } from "./credentials";

export interface PlatformDatabases {
  /** Database URL per component name (`bmp`, `eso`, `do-lulea`, …). */
  urls: Record<string, string>;
  /** URL of the PostgreSQL server, on which the ESO creates the databases of the DOs it runs itself. */
  serverUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

function databaseName(component: string): string {
  return `cop_pilot_${component.replace(/-/g, "_")}`;
}

function componentKind(component: string): Component {
  return component.startsWith("do-") ? "do" : (component as Component);
}

/**
 * Brings up PostgreSQL (embedded unless DATABASE_URL is set), creates one
 * database per component, applies its migrations and seeds its accounts.
 */
export async function prepareDatabases(
  config: LauncherConfig,
  components: string[],
  credentials: Credentials,
  secrets: Secrets,
  log: (message: string) => void,
): Promise<PlatformDatabases> {
  let serverUrl = config.DATABASE_URL;
  let stop = async () => {};
  if (!serverUrl) {
    const server = await startEmbeddedPostgres({
      dataDir: path.join(config.dataDir, "postgres"),
      port: config.PG_PORT,
      password: secrets.postgresPassword,
    });
    serverUrl = server.url;
    stop = server.stop;
    log(`PostgreSQL (embedded) on 127.0.0.1:${config.PG_PORT}, data in ${path.join(config.dataDir, "postgres")}`);
  } else {
    log(`PostgreSQL at ${new URL(serverUrl).host}`);
  }

  const urls: Record<string, string> = {};
  for (const component of components) {
    const url = await ensureDatabase(serverUrl, databaseName(component));
    await migrateDatabase(componentKind(component), url);
    const db = createDatabase(url, authSchema, { maxConnections: 1 });
    try {
      for (const account of credentials.accounts.filter((candidate) => candidate.portal === component)) {
        await upsertAccount(db, { email: account.email, name: account.name ?? account.email, password: account.password, role: account.role });
      }
    } finally {
      await db.$client.end();
    }
    urls[component] = url;
  }
  return { urls, serverUrl, embedded: !config.DATABASE_URL, stop };
}
