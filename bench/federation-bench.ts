// Measures federation at scale against a real ESO, the production build of
// apps/eso-portal under `next start`, on an embedded PostgreSQL of its own.
// It measures three things:
//   (a) peering with N DO emulators and importing M specifications from each;
//   (b) one availability-check cycle over every imported specification, with
//       none changed and with 5 % changed at the DOs;
//   (c) GET serviceSpecification?limit=100 on the ESO once the marketplace
//       holds 10,000 specifications (latency and throughput with concurrent
//       clients), beside the same queries sent straight to PostgreSQL.
// The DO emulators run in this process and serve generated specifications.
// Ports: ESO 43501, PostgreSQL 43502, DOs from 43510; data in
// .data-bench-federation, deleted at start. Build the ESO first:
//   (cd apps/eso-portal && npx next build)
//   node --import tsx bench/federation-bench.ts [--dos 20] [--specs 200] [--catalogue 10000]
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { ensureDatabase } from "@cop-pilot/db";
import { startEmbeddedPostgres } from "@cop-pilot/db/embedded";
import { librarySpecifications, startDoEmulator, type DoEmulator, type EmulatedSpecification } from "../apps/eso-portal/src/server/testing/do-emulator";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    dos: { type: "string", default: "20" },
    specs: { type: "string", default: "200" },
    catalogue: { type: "string", default: "10000" },
    clients: { type: "string", default: "4" },
    seconds: { type: "string", default: "10" },
  },
});
const doCount = Number(values.dos);
const specsPerDo = Number(values.specs);
const catalogueSize = Number(values.catalogue);
const clients = Number(values.clients);
const throughputSeconds = Number(values.seconds);

const esoPort = 43501;
const pgPort = 43502;
const firstDoPort = 43510;
const eso = `http://127.0.0.1:${esoPort}`;
const esoToken = "federation-bench-eso-token-0123456789";
const dataDir = path.join(root, ".data-bench-federation");

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summarise(millis: number[]): string {
  const sorted = [...millis].sort((left, right) => left - right);
  return `median ${percentile(sorted, 50).toFixed(1)} ms, p90 ${percentile(sorted, 90).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms (${sorted.length} requests)`;
}

/** Builds M specifications shaped like the library's, with ids and names of their own. */
function generatedSpecifications(doIndex: number, count: number): EmulatedSpecification[] {
  const templates = librarySpecifications("lulea");
  return Array.from({ length: count }, (_, index) => {
    const template = templates[index % templates.length]!;
    return { ...template, id: `do${doIndex}-spec${index}`, name: `${template.name} #${doIndex}.${index}`, version: "1.0.0", lastUpdate: "2026-12-01T00:00:00.000Z" };
  });
}

async function esoCall(method: string, pathName: string, body?: unknown): Promise<any> {
  const response = await fetch(`${eso}${pathName}`, {
    method,
    headers: { Authorization: `Bearer ${esoToken}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${pathName} returned ${response.status}: ${text.slice(0, 300)}`);
  return text === "" ? undefined : JSON.parse(text);
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the ESO exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not become healthy within 90 s`);
}

/** Peers with each DO and imports all its specifications; returns the peer ids and the time taken per DO. */
async function peerAndImport(dos: DoEmulator[], offset: number): Promise<{ peerIds: string[]; millis: number[] }> {
  const peerIds: string[] = [];
  const millis: number[] = [];
  for (const [index, emulator] of dos.entries()) {
    const started = performance.now();
    const peer = await esoCall("POST", "/api/peers", {
      name: `Bench DO ${offset + index}`,
      endpoint: emulator.url,
      apiToken: emulator.token,
      location: { name: `Site ${offset + index}`, latitude: 50, longitude: 10 },
      organization: { name: `Bench operator ${offset + index}` },
    });
    const ids = [...emulator.specifications.keys()];
    for (let start = 0; start < ids.length; start += 500) {
      await esoCall("POST", `/api/peers/${peer.id}/import`, {
        specificationIds: ids.slice(start, start + 500),
        catalog: { name: `Bench catalogue ${offset + index}` },
        category: { name: `Bench category ${offset + index}` },
      });
    }
    millis.push(performance.now() - started);
    peerIds.push(peer.id);
  }
  return { peerIds, millis };
}

/** Runs the availability check of every peer one after the other, as the ESO's periodic loop does. */
async function checkCycle(peerIds: string[]) {
  const totals = { unchanged: 0, updated: 0, removed: 0, restored: 0 };
  const started = performance.now();
  for (const id of peerIds) {
    const result = await esoCall("POST", `/api/peers/${id}/check`);
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += result.report[key];
  }
  return { seconds: (performance.now() - started) / 1000, ...totals };
}

/** Changes a share of each DO's specifications: a new version, lastUpdate and description. */
function changeShare(dos: DoEmulator[], share: number): number {
  let changed = 0;
  for (const emulator of dos) {
    const ids = [...emulator.specifications.keys()];
    const count = Math.round(ids.length * share);
    for (const id of ids.slice(0, count)) {
      const specification = emulator.specifications.get(id)!;
      emulator.specifications.set(id, { ...specification, version: "1.1.0", description: `${String(specification.description ?? "")} (revised)`, lastUpdate: new Date().toISOString() });
      changed += 1;
    }
  }
  return changed;
}

async function measureLatency(run: () => Promise<unknown>, count: number): Promise<number[]> {
  for (let warmUp = 0; warmUp < 20; warmUp += 1) await run();
  const millis: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    await run();
    millis.push(performance.now() - started);
  }
  return millis;
}

async function measureThroughput(run: () => Promise<unknown>): Promise<number> {
  const deadline = performance.now() + throughputSeconds * 1000;
  let completed = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        await run();
        completed += 1;
      }
    }),
  );
  return completed / throughputSeconds;
}

async function main(): Promise<void> {
  const esoDir = path.join(root, "apps/eso-portal");
  if (!existsSync(path.join(esoDir, ".next/BUILD_ID"))) throw new Error("apps/eso-portal has no production build; run `npx next build` there first");
  rmSync(dataDir, { recursive: true, force: true });

  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: pgPort });
  const databaseUrl = await ensureDatabase(server.url, "cop_pilot_eso");
  const started: DoEmulator[] = [];
  const esoProcess = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(esoPort), "-H", "127.0.0.1"], {
    cwd: esoDir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      BETTER_AUTH_SECRET: "federation-bench-secret-at-least-32-characters",
      PUBLIC_URL: eso,
      API_TOKEN: esoToken,
      COP_PILOT_COMPONENT: "eso",
      // The bench triggers every check itself, so the periodic loop is kept out of the way.
      AVAILABILITY_CHECK_INTERVAL_MS: "86400000",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const sql = postgres(databaseUrl, { max: clients + 1, onnotice: () => {} });

  try {
    await waitForHealth(`${eso}/healthz`, esoProcess);
    const totalDos = Math.max(doCount, Math.ceil(catalogueSize / specsPerDo));
    for (let index = 0; index < totalDos; index += 1) {
      started.push(await startDoEmulator({ token: `bench-do-${index}-token-0123456789`, specifications: generatedSpecifications(index, specsPerDo), port: firstDoPort + index }));
    }
    const first = started.slice(0, doCount);
    const rest = started.slice(doCount);

    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString()}`);

    const importStart = performance.now();
    const phaseA = await peerAndImport(first, 0);
    const importSeconds = (performance.now() - importStart) / 1000;
    console.log(`(a) peered and imported ${doCount} DOs × ${specsPerDo} specifications in ${importSeconds.toFixed(1)} s (${((doCount * specsPerDo) / importSeconds).toFixed(0)} specifications/s; per DO ${summarise(phaseA.millis)})`);

    const unchanged = await checkCycle(phaseA.peerIds);
    console.log(`(b) check cycle over ${doCount * specsPerDo} specifications, none changed: ${unchanged.seconds.toFixed(2)} s (${JSON.stringify(unchanged)})`);
    const changed = changeShare(first, 0.05);
    const withChanges = await checkCycle(phaseA.peerIds);
    console.log(`(b) check cycle over ${doCount * specsPerDo} specifications, ${changed} changed: ${withChanges.seconds.toFixed(2)} s (${JSON.stringify(withChanges)})`);
    if (withChanges.updated !== changed) throw new Error(`the check updated ${withChanges.updated} specifications, expected ${changed}`);

    const topUpStart = performance.now();
    const phaseC = await peerAndImport(rest, doCount);
    const [{ total }] = (await sql`select count(*)::int as total from service_specification`) as unknown as [{ total: number }];
    console.log(`    imported ${rest.length} more DOs in ${((performance.now() - topUpStart) / 1000).toFixed(1)} s; the marketplace contains ${total} specifications`);
    const allPeers = [...phaseA.peerIds, ...phaseC.peerIds];
    const fullCycle = await checkCycle(allPeers);
    console.log(`(b) check cycle over ${total} specifications of ${allPeers.length} DOs, none changed: ${fullCycle.seconds.toFixed(2)} s`);

    const viaEso = () => esoCall("GET", "/tmf-api/serviceCatalogManagement/v4/serviceSpecification?limit=100");
    const page = await viaEso();
    if (page.length !== 100) throw new Error(`the ESO returned ${page.length} specifications for limit=100`);
    // The two statements the ESO's list handler runs for this request (listDocuments in @cop-pilot/tmf-server).
    const viaPostgres = async () => {
      await sql`select count(*) from service_specification`;
      return sql`select document from service_specification order by last_update desc nulls last, id asc limit 100 offset 0`;
    };
    const pageOnly = () => sql`select document from service_specification order by last_update desc nulls last, id asc limit 100 offset 0`;

    console.log(`(c) ESO GET serviceSpecification?limit=100: ${summarise(await measureLatency(viaEso, 300))}`);
    console.log(`(c) ESO throughput, ${clients} clients: ${(await measureThroughput(viaEso)).toFixed(0)} requests/s`);
    console.log(`(c) PostgreSQL count + page: ${summarise(await measureLatency(viaPostgres, 300))}`);
    console.log(`(c) PostgreSQL page only: ${summarise(await measureLatency(pageOnly, 300))}`);
    console.log(`(c) PostgreSQL count + page throughput, ${clients} clients: ${(await measureThroughput(viaPostgres)).toFixed(0)} queries/s`);
    const plan = await sql.unsafe("explain analyze select document from service_specification order by last_update desc nulls last, id asc limit 100 offset 0");
    console.log(`    plan: ${plan.map((row) => row["QUERY PLAN"]).join(" | ")}`);
  } finally {
    await sql.end();
    esoProcess.kill("SIGTERM");
    await new Promise((resolve) => (esoProcess.exitCode !== null ? resolve(undefined) : esoProcess.once("exit", resolve)));
    for (const emulator of started) await emulator.close();
    await server.stop();
  }
}

await main();
