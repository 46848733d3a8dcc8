// Measures the platform expansion on the default stand-ins, step by step.
// The steps are the account (0), the fabric binding, the identity and its
// token (1), the fabric client until the ESO shows the domain connected (2),
// the cluster registration (3), and the Domain Orchestrator order until it is
// completed and until the ESO has peered with the new DO (4). Step 5,
// the new DO's cluster discovery, runs while the DO starts, so it is part of
// step 4's time. The script calls the ESO's JSON API with the platform's API
// token, where a person would use the portal pages.
//
// It starts its own platform (only the Luleå DO) in a fresh data directory on
// ports from --port-base (BMP, +1 ESO, +11 DO, +99 PostgreSQL, +111… ordered
// DOs), prints the figures and stops everything it started.
//
// Usage: node --import tsx bench/expansion-bench.ts [--port-base 4100]
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = path.join(root, ".data-bench-expansion");
const portArgument = process.argv.indexOf("--port-base");
const portBase = portArgument > 0 ? Number(process.argv[portArgument + 1]) : 4100;
const eso = `http://127.0.0.1:${portBase + 1}`;
const fabricPollIntervalMs = 1000;

const children: ChildProcess[] = [];
const timings: { step: string; seconds: number }[] = [];

async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  timings.push({ step, seconds: (performance.now() - started) / 1000 });
  return result;
}

async function waitFor<T>(description: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
}

async function main(): Promise<void> {
  rmSync(dataDir, { recursive: true, force: true });
  const launcher = spawn(process.execPath, ["--import", "tsx", "scripts/src/start.ts"], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      BMP_PORT: String(portBase),
      ESO_PORT: String(portBase + 1),
      DO_PORT_BASE: String(portBase + 11),
      PG_PORT: String(portBase + 99),
      COP_PILOT_DOMAINS: "lulea",
      FABRIC_POLL_INTERVAL_MS: String(fabricPollIntervalMs),
      DATABASE_URL: "",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(launcher);
  await new Promise<void>((resolve, reject) => {
    let output = "";
    launcher.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("COP-PILOT platform ready")) resolve();
    });
    launcher.once("exit", (code) => reject(new Error(`launcher exited with code ${code}`)));
  });

  const credentials = JSON.parse(readFileSync(path.join(dataDir, "credentials.json"), "utf8")) as {
    apiTokens: Record<string, string>;
    simulatedFabric: { username: string; password: string };
  };
  const headers = { Authorization: `Bearer ${credentials.apiTokens.eso}`, "Content-Type": "application/json" };
  async function call<T>(method: string, pathname: string, body?: unknown): Promise<T> {
    const response = await fetch(`${eso}${pathname}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${pathname} returned ${response.status}: ${text.slice(0, 300)}`);
    return (text.startsWith("{") || text.startsWith("[") ? JSON.parse(text) : text) as T;
  }

  const expansionStarted = performance.now();
  const account = await timed("0 account for the domain owner", () =>
    call<{ organization: { id: string } }>("POST", "/api/expansion/accounts", { name: "Aino Virtanen", email: "aino@oulu-harbour.example", purpose: "Harbour edge cluster", organization: { name: "Oulu Harbour Oy" } }),
  );
  const network = await timed("1a bind the simulated fabric (admin, once)", () =>
    call<{ id: string }>("POST", "/api/expansion/fabric-networks", { name: "COP-PILOT SIF", kind: "simulated", credentials: credentials.simulatedFabric, organization: { name: "SIF operator" } }),
  );
  const tokenFile = path.join(dataDir, "oulu-harbour.jwt");
  const identity = await timed("1 fabric identity and enrollment token", async () => {
    const created = await call<{ id: string }>("POST", "/api/expansion/identities", {
      fabricNetworkId: network.id,
      name: "oulu-harbour",
      domainName: "Oulu Harbour",
      organizationId: account.organization.id,
      location: { name: "Oulu", latitude: 65.0121, longitude: 25.4651 },
    });
    writeFileSync(tokenFile, await call<string>("GET", `/api/expansion/identities/${created.id}/enrollment-token`));
    return created;
  });
  await timed(`2 fabric client until connected (poll every ${fabricPollIntervalMs} ms)`, async () => {
    children.push(spawn(process.execPath, ["--import", "tsx", "scripts/src/fabric-client.ts", "--token", tokenFile, "--interval-ms", "1000"], { cwd: root, stdio: "ignore" }));
    await waitFor("the identity to show connected", 60_000, async () => {
      const view = await call<{ status: string }>("GET", `/api/expansion/identities/${identity.id}`);
      return view.status === "connected" ? true : undefined;
    });
  });
  const cluster = await timed("3 cluster registration", () =>
    call<{ id: string }>("POST", "/api/expansion/clusters", { name: "oulu-k8s", fabricIdentityId: identity.id, kind: "simulated" }),
  );
  const order = await call<{ id: string }>("POST", "/tmf-api/serviceOrdering/v4/serviceOrder", {
    serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: "cop-pilot-domain-orchestrator" }, serviceCharacteristic: [{ name: "targetCluster", value: cluster.id }] } }],
  });
  const orderStarted = performance.now();
  await timed("4a DO order until completed (rollout done, DO healthy)", () =>
    waitFor("the DO order to complete", 300_000, async () => {
      const state = (await call<{ state: string }>("GET", `/tmf-api/serviceOrdering/v4/serviceOrder/${order.id}`)).state;
      if (state === "failed") throw new Error("The DO order failed");
      return state === "completed" ? true : undefined;
    }),
  );
  await timed("4b then until peered and imported", () =>
    waitFor("the ESO to peer with the new DO", 120_000, async () => {
      const [deployment] = await call<{ state: string; lastError: string | null }[]>("GET", "/api/expansion/domain-orchestrators");
      return deployment?.state === "completed" ? true : undefined;
    }),
  );
  timings.push({ step: "4 DO order until the services are in the marketplace", seconds: (performance.now() - orderStarted) / 1000 });
  const peers = await call<{ name: string; specificationCount: number }[]>("GET", "/api/peers");
  timings.push({ step: "whole expansion (steps 0 to 4, with binding)", seconds: (performance.now() - expansionStarted) / 1000 });

  console.log("");
  for (const timing of timings) console.log(`${timing.step.padEnd(62)} ${timing.seconds.toFixed(2).padStart(7)} s`);
  const peer = peers.find((candidate) => candidate.name === "Oulu Harbour");
  console.log(`\nNew domain peered: ${peer ? `yes, ${peer.specificationCount} specifications in the marketplace` : "no"}`);
}

function stopAll(): void {
  // Stops only the processes this script started, by their process ids.
  for (const child of children.reverse()) if (child.exitCode === null) child.kill("SIGTERM");
}

main()
  .then(() => {
    stopAll();
    setTimeout(() => process.exit(0), 15_000).unref();
  })
  .catch((error: Error) => {
    console.error(`expansion bench failed: ${error.message}`);
    stopAll();
    setTimeout(() => process.exit(1), 15_000).unref();
  });
