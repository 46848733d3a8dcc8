import { TmfClient } from "@cop-pilot/tmf-client";
import { readConfig } from "./platform/config";
import { componentNames, loadOrCreateCredentials } from "./platform/credentials";
import { prepareDatabases, type PlatformDatabases } from "./platform/database";
import { platformLaunches } from "./platform/launches";
import { assertBuilt, assertPortFree, startApp, stopApps, waitUntilHealthy, type AppLaunch, type AppProcess } from "./platform/processes";
import { seedDatasets } from "./platform/data-seed";
import { seedPeering, seedProductCatalog } from "./platform/seed";

// `npm start`: brings the whole platform up on this machine and keeps it
// running until Ctrl-C or SIGTERM, then stops everything it started.

const startedAt = Date.now();
const say = (message: string) => console.log(`[platform] ${message}`);

const apps: AppProcess[] = [];
let databases: PlatformDatabases | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say("stopping…");
    await stopApps(apps);
    await databases?.stop().catch((error: Error) => say(`PostgreSQL did not stop cleanly: ${error.message}`));
    say("stopped");
  }
  process.exit(code);
}

function esoLaunch(launches: AppLaunch[]): AppLaunch {
  return launches.find((launch) => launch.name === "eso")!;
}

async function main(): Promise<void> {
  const config = readConfig();
  const { credentials, secrets } = loadOrCreateCredentials(config);
  const host = config.HOST;
  const launches = platformLaunches(config, credentials, secrets);

  for (const launch of launches) await assertPortFree(host, launch.port, launch.name);

  databases = await prepareDatabases(config, componentNames(config), credentials, secrets, say);
  for (const launch of launches) launch.env.DATABASE_URL = databases.urls[launch.name]!;
  esoLaunch(launches).env.LOCAL_DO_DATABASE_URL = databases.serverUrl;

  for (const launch of launches) assertBuilt(launch.app);
  for (const launch of launches) {
    // Added one by one, so that a failure part-way still stops those already started.
    const app = startApp(launch, config.dataDir);
    apps.push(app);
    app.child.once("exit", (code, signal) => {
      if (!stopping) say(`${app.name} exited unexpectedly (${signal ?? `code ${code}`}); see ${app.logFile}`);
    });
  }
  await Promise.all(apps.map((app) => waitUntilHealthy(app, 120_000)));
  say(`all components healthy after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);

  const eso = new TmfClient({ baseUrl: `http://${host}:${config.ESO_PORT}`, token: credentials.apiTokens.eso, timeoutMs: 60_000 });
  const bmp = new TmfClient({ baseUrl: `http://${host}:${config.BMP_PORT}`, token: credentials.apiTokens.bmp, timeoutMs: 60_000 });
  const peers = config.domains
    .filter((domain) => domain.peered)
    .map((domain) => ({ id: domain.id, url: `http://${host}:${domain.port}`, token: credentials.apiTokens[`do-${domain.id}`]! }));
  // Datasets first, so that their DaaS specifications are in the catalogues the ESO imports.
  const dataDomains = config.domains
    .filter((domain) => domain.dataManagement)
    .map((domain) => ({ id: domain.id, url: `http://${host}:${domain.port}`, token: credentials.apiTokens[`do-${domain.id}`]! }));
  await seedDatasets(dataDomains, say);
  await seedPeering(eso, peers, say);
  await seedProductCatalog(bmp, eso, say);

  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  console.log("");
  console.log(`COP-PILOT platform ready in ${seconds} s`);
  console.log("");
  console.log(`  Business Management Portal   http://${host}:${config.BMP_PORT}`);
  console.log(`  ESO portal                   http://${host}:${config.ESO_PORT}`);
  for (const domain of config.domains) {
    const notes = [domain.peered ? "" : "not peered", domain.dataManagement ? "Data Management" : "", domain.compute ? "" : "no compute"].filter(Boolean).join(", ");
    console.log(`  DO ${domain.name.padEnd(34)} http://${host}:${domain.port}${notes ? `   (${notes})` : ""}`);
  }
  console.log("");
  console.log("  Demo accounts (portal, role, e-mail, password):");
  for (const account of credentials.accounts) {
    console.log(`    ${account.portal.padEnd(22)} ${account.role.padEnd(16)} ${account.email.padEnd(38)} ${account.password}`);
  }
  console.log("");
  console.log(`  Simulated fabric controller account (enter it when binding the simulated fabric): ${credentials.simulatedFabric!.username} / ${credentials.simulatedFabric!.password}`);
  console.log("");
  console.log("  API tokens (send as Authorization: Bearer <token>):");
  for (const [component, token] of Object.entries(credentials.apiTokens)) console.log(`    ${component.padEnd(22)} ${token}`);
  console.log("");
  console.log(`  Written to ${config.dataDir}/credentials.json; logs in ${config.dataDir}/logs/. Press Ctrl-C to stop.`);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

main().catch(async (error: Error) => {
  console.error(`[platform] start failed: ${error.message}`);
  await shutdown(1);
});
