import { createServer, type Server } from "node:http";
import { mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { z } from "zod";
import { TmfClient } from "@cop-pilot/tmf-client";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { readConfig, type LauncherConfig } from "./platform/config";
import { componentNames, loadOrCreateCredentials } from "./platform/credentials";
import { prepareDatabases, type PlatformDatabases } from "./platform/database";
import { platformLaunches } from "./platform/launches";
import { assertBuilt, assertPortFree, startApp, stopApps, waitUntilHealthy, type AppLaunch, type AppProcess } from "./platform/processes";
import { seedPeering, seedProductCatalog } from "./platform/seed";

// The crash test starts the platform as processes on a fresh embedded
// PostgreSQL and places product orders at the BMP. It kills components with
// SIGKILL while the orders are in flight and restarts them. Then it checks
// that every order reached a final state exactly once. It needs the
// production builds of the apps. Ports: CRASH_PORT_BASE (default 3700) up to +120.

const say = (message: string) => console.log(`[crash-test] ${message}`);
const ordersPerRound = Number(process.env.CRASH_TEST_ORDERS ?? 20);
const portBase = Number(process.env.CRASH_PORT_BASE ?? 3700);
const finalStates = new Set(["completed", "failed", "cancelled", "rejected"]);
const domains = ["lulea", "valencia"];

// PostgreSQL runs as its own user when the test runs as root, so the folder must be readable by others (a mkdtemp folder is not).
const dataDir = path.join(os.tmpdir(), `cop-pilot-crash-${process.pid}`);
mkdirSync(dataDir, { recursive: true, mode: 0o755 });

const running = new Map<string, AppProcess>();
let databases: PlatformDatabases | undefined;
let listener: Server | undefined;
const failures: string[] = [];

function check(condition: boolean, message: string): void {
  if (condition) return;
  failures.push(message);
  say(`FAILED: ${message}`);
}

function crashConfig(dataDir: string): LauncherConfig {
  return readConfig({
    DATA_DIR: dataDir,
    PG_PORT: String(portBase + 99),
    BMP_PORT: String(portBase),
    ESO_PORT: String(portBase + 1),
    DO_PORT_BASE: String(portBase + 10),
    LOCAL_DO_PORTS: `${portBase + 100}-${portBase + 119}`,
    COP_PILOT_DOMAINS: domains.join(","),
    COP_PILOT_DATA_DOMAINS: "none",
    CLUSTER_READY_DELAY_MS: "1500",
    ORDER_POLL_INTERVAL_MS: "200",
    EVENT_FALLBACK_POLL_INTERVAL_MS: "2000",
    // A DO killed on purpose must not be marked unavailable, which would make the ESO reject the orders placed meanwhile.
    AVAILABILITY_CHECK_INTERVAL_MS: "300000",
    LOG_LEVEL: "info",
  });
}

/** Kills the component's process with SIGKILL, as a crash would, and waits until it is gone. */
async function crash(name: string): Promise<void> {
  const app = running.get(name)!;
  const exited = new Promise((resolve) => app.child.once("exit", resolve));
  // The process group of the child this test started, so that nothing it spawned survives either.
  process.kill(-app.child.pid!, "SIGKILL");
  await exited;
  running.delete(name);
  say(`${name} killed with SIGKILL (pid ${app.child.pid})`);
}

async function start(launch: AppLaunch, dataDir: string): Promise<void> {
  const app = startApp(launch, dataDir);
  running.set(launch.name, app);
  await waitUntilHealthy(app, 120_000);
}

/** Records the TMF622 events the BMP posts, by eventId, so that a redelivery is not counted as a second event. */
function startEventListener(): Promise<{ url: string; events: Map<string, { eventType: string; orderId: string; state?: string }>; redeliveries: () => number }> {
  const events = new Map<string, { eventType: string; orderId: string; state?: string }>();
  let redeliveries = 0;
  const server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk) => (text += chunk));
    request.on("end", () => {
      try {
        const body = JSON.parse(text) as { eventId: string; eventType: string; event: { productOrder?: { id: string; state?: string } } };
        if (events.has(body.eventId)) redeliveries += 1;
        else if (body.event.productOrder) events.set(body.eventId, { eventType: body.eventType, orderId: body.event.productOrder.id, state: body.event.productOrder.state });
      } catch {
        // Not an event; ignored.
      }
      response.writeHead(204).end();
    });
  });
  listener = server;
  return new Promise((resolve) => server.listen(portBase + 50, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${portBase + 50}`, events, redeliveries: () => redeliveries })));
}

const created = z.looseObject({ id: z.string(), state: z.string() });
const order = z.looseObject({ id: z.string(), state: z.string() });

async function placeOrders(bmp: TmfClient, offeringIds: string[], round: string): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < ordersPerRound; index++) {
    const offeringId = offeringIds[index % offeringIds.length]!;
    const body = { externalId: `${round}-${index}`, productOrderItem: [{ id: "1", action: "add", productOffering: { id: offeringId } }] };
    const placed = await bmp.create(`${tmfApiPaths.productOrdering}/productOrder`, body, created, { "Idempotency-Key": `${round}-${index}` });
    ids.push(placed.id);
  }
  return ids;
}

async function waitUntilFinal(bmp: TmfClient, ids: string[], timeoutMs: number): Promise<Map<string, string>> {
  const deadline = Date.now() + timeoutMs;
  const states = new Map<string, string>();
  while (Date.now() < deadline) {
    for (const id of ids) {
      if (finalStates.has(states.get(id) ?? "")) continue;
      states.set(id, (await bmp.get(`${tmfApiPaths.productOrdering}/productOrder/${id}`, order)).state);
    }
    if (ids.every((id) => finalStates.has(states.get(id) ?? ""))) return states;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return states;
}

/** Waits until at least `count` of the orders are past `acknowledged`, so that the crash hits orders in flight. */
async function waitUntilInFlight(bmp: TmfClient, ids: string[], count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    let moving = 0;
    for (const id of ids) if ((await bmp.get(`${tmfApiPaths.productOrdering}/productOrder/${id}`, order)).state !== "acknowledged") moving += 1;
    if (moving >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main(): Promise<void> {
  const config = crashConfig(dataDir);
  const { credentials, secrets } = loadOrCreateCredentials(config);
  const launches = platformLaunches(config, credentials, secrets);
  const launchOf = (name: string) => launches.find((launch) => launch.name === name)!;
  for (const launch of launches) assertBuilt(launch.app);
  for (const launch of launches) await assertPortFree(config.HOST, launch.port, launch.name);
  const { url: listenerUrl, events, redeliveries } = await startEventListener();

  databases = await prepareDatabases(config, componentNames(config), credentials, secrets, say);
  for (const launch of launches) launch.env.DATABASE_URL = databases.urls[launch.name]!;
  launchOf("eso").env.LOCAL_DO_DATABASE_URL = databases.serverUrl;
  await Promise.all(launches.map((launch) => start(launch, config.dataDir)));
  say("platform started");

  const host = config.HOST;
  const eso = new TmfClient({ baseUrl: `http://${host}:${config.ESO_PORT}`, token: credentials.apiTokens.eso, timeoutMs: 60_000 });
  const bmp = new TmfClient({ baseUrl: `http://${host}:${config.BMP_PORT}`, token: credentials.apiTokens.bmp, timeoutMs: 60_000 });
  const peers = config.domains.map((domain) => ({ id: domain.id, url: `http://${host}:${domain.port}`, token: credentials.apiTokens[`do-${domain.id}`]! }));
  await seedPeering(eso, peers, say);
  await seedProductCatalog(bmp, eso, say);
  await bmp.create(`${tmfApiPaths.productOrdering}/hub`, { callback: listenerUrl }, z.looseObject({ id: z.string() }));

  const offerings = await bmp.listAll(`${tmfApiPaths.productCatalog}/productOffering`, z.looseObject({ id: z.string(), isBundle: z.boolean().optional() }), { lifecycleStatus: "Launched" });
  const offeringIds = offerings.filter((offering) => offering.isBundle !== true).slice(0, 5).map((offering) => offering.id);
  if (offeringIds.length === 0) throw new Error("The BMP has no launched product offering to order");

  // Round 1: the ESO dies while it delegates and follows the orders.
  const first = await placeOrders(bmp, offeringIds, "crash-eso");
  await waitUntilInFlight(bmp, first, Math.ceil(ordersPerRound / 4));
  await crash("eso");
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await start(launchOf("eso"), config.dataDir);
  say("eso restarted");
  await waitUntilFinal(bmp, first, 90_000);

  // Round 2: a DO and the BMP die together.
  const second = await placeOrders(bmp, offeringIds, "crash-do-bmp");
  await waitUntilInFlight(bmp, second, Math.ceil(ordersPerRound / 4));
  await crash(`do-${domains[0]}`);
  await crash("bmp");
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await Promise.all([start(launchOf(`do-${domains[0]}`), config.dataDir), start(launchOf("bmp"), config.dataDir)]);
  say(`do-${domains[0]} and bmp restarted`);

  const ids = [...first, ...second];
  const states = await waitUntilFinal(bmp, ids, 90_000);
  const notCompleted = ids.filter((id) => states.get(id) !== "completed");
  check(notCompleted.length === 0, `every product order completed; not completed: ${notCompleted.map((id) => `${id}=${states.get(id)}`).join(", ")}`);

  await verifyExactlyOnce(config, ids);
  const completionsOf = (id: string) =>
    [...events.values()].filter((event) => event.orderId === id && event.eventType === "ProductOrderStateChangeEvent" && event.state === "completed");
  // A restarted BMP delivers its outbox on its next delivery pass, so the last events may arrive after the orders are final.
  const deliveryDeadline = Date.now() + 30_000;
  while (Date.now() < deliveryDeadline && ids.some((id) => completionsOf(id).length === 0)) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  // The listener may get an event again after a crash; the BMP must not publish a second completion of one order.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  for (const id of ids) {
    const completions = completionsOf(id);
    check(completions.length === 1, `product order ${id} published ${completions.length} completion events (expected 1)`);
  }
  say(`${events.size} distinct events received, ${redeliveries()} redelivered by id`);
}

/** Counts, in the components' databases, the ESO orders per product order, the DO order items per ESO order item and the deployments. */
async function verifyExactlyOnce(config: LauncherConfig, productOrderIds: string[]): Promise<void> {
  const esoDb = postgres(databases!.urls.eso!, { max: 1, onnotice: () => {} });
  try {
    const perProductOrder = await esoDb<{ external_id: string; orders: number }[]>`
      select external_id, count(*)::int as orders from service_order where external_id = any(${productOrderIds}) group by external_id`;
    const esoOrderCount = new Map(perProductOrder.map((row) => [row.external_id, row.orders]));
    for (const id of productOrderIds) check(esoOrderCount.get(id) === 1, `product order ${id} has ${esoOrderCount.get(id) ?? 0} ESO service orders (expected 1)`);

    const delegations = await esoDb<{ service_order_id: string; peer_name: string; remote_order_id: string | null; items: number }[]>`
      select d.service_order_id, d.peer_name, d.remote_order_id, cardinality(d.order_item_ids)::int as items
      from service_order_delegation d join service_order o on o.id = d.service_order_id
      where o.external_id = any(${productOrderIds})`;
    check(delegations.every((row) => row.remote_order_id !== null), "every delegation has its DO order");

    let doItems = 0;
    let deployments = 0;
    let services = 0;
    const expectedItems = delegations.reduce((sum, row) => sum + row.items, 0);
    for (const domain of config.domains) {
      const doDb = postgres(databases!.urls[`do-${domain.id}`]!, { max: 1, onnotice: () => {} });
      try {
        const esoOrderIds = [...new Set(delegations.map((row) => row.service_order_id))];
        const perEsoOrder = await doDb<{ external_id: string; orders: number; items: number }[]>`
          select external_id, count(*)::int as orders, sum(jsonb_array_length(document->'serviceOrderItem'))::int as items
          from service_order where external_id = any(${esoOrderIds}) group by external_id`;
        for (const row of perEsoOrder) check(row.orders === 1, `ESO order ${row.external_id} has ${row.orders} orders at do-${domain.id} (expected 1)`);
        doItems += perEsoOrder.reduce((sum, row) => sum + row.items, 0);
        const [records] = await doDb<{ count: number }[]>`select count(*)::int as count from simulated_cluster_record`;
        deployments += records!.count;
        const [inventory] = await doDb<{ count: number }[]>`select count(*)::int as count from service where state = 'active'`;
        services += inventory!.count;
      } finally {
        await doDb.end();
      }
    }
    check(doItems === expectedItems, `the DOs hold ${doItems} order items for the ${expectedItems} delegated ESO order items`);
    check(deployments === expectedItems, `the simulated clusters hold ${deployments} deployments for ${expectedItems} ordered services`);
    check(services === expectedItems, `the DO inventories hold ${services} active services for ${expectedItems} ordered services`);
    say(`${productOrderIds.length} product orders, ${delegations.length} delegations, ${doItems} DO order items, ${deployments} deployments, ${services} services`);
  } finally {
    await esoDb.end();
  }
}

async function shutdown(): Promise<void> {
  await stopApps([...running.values()]);
  await databases?.stop().catch((error: Error) => say(`PostgreSQL did not stop cleanly: ${error.message}`));
  listener?.close();
}

const startedAt = Date.now();
main()
  .catch((error: Error) => {
    failures.push(error.stack ?? error.message);
    say(`FAILED: ${error.stack ?? error.message}`);
  })
  .finally(async () => {
    await shutdown();
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
    if (failures.length > 0) {
      say(`${failures.length} check(s) failed after ${seconds} s; component logs are in ${path.join(dataDir, "logs")}`);
      process.exit(1);
    }
    rmSync(dataDir, { recursive: true, force: true });
    say(`passed in ${seconds} s`);
    process.exit(0);
  });
