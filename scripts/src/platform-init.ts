import { readConfig } from "./platform/config";
import { componentNames, readCredentials } from "./platform/credentials";
import { prepareDatabases } from "./platform/database";

// The init job of a container deployment: on the PostgreSQL server at
// DATABASE_URL, creates one database per component, applies its migrations
// and seeds its accounts, from the credentials under DATA_DIR. Safe to run
// again: existing databases, tables and accounts are kept.

const say = (message: string) => console.log(`[init] ${message}`);

async function main(): Promise<void> {
  const config = readConfig();
  if (!config.DATABASE_URL) throw new Error("DATABASE_URL must point at the PostgreSQL server of the deployment");
  const { credentials, secrets } = readCredentials(config.dataDir);
  const components = componentNames(config);
  await prepareDatabases(config, components, credentials, secrets, say);
  say(`databases ready: ${components.join(", ")}`);
}

main().catch((error: Error) => {
  console.error(`[init] failed: ${error.message}`);
  process.exit(1);
});
