// Measures how long a DO's order state change takes to reach the BMP's
// product order through TMF events. The start is the moment the DO records
// its service order `completed` (the `orderStateChange` milestone of the DO
// order). The end is the moment the BMP commits the product order
// `completed`: the `eventTime` of the BMP's ProductOrderStateChangeEvent,
// caught by a listener this script registers at the BMP's TMF622 hub. Both
// times come from the same machine's clock.
//
// It starts its own platform in a fresh data directory with the fallback poll
// set to 60 s, so that only events move the state, and runs the orders one
// after the other. Ports: BMP at the base, ESO at base+1, DOs from base+101,
// PostgreSQL at base+99, the listener at base+500.
//
// Usage: node --import tsx bench/state-propagation.ts [--orders N] [--port-base P]
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = path.join(root, ".data-bench-events");

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const orderCount = argument("--orders", 20);
const portBase = argument("--port-base", 4200);
const bmp = `http://127.0.0.1:${portBase}`;
const eso = `http://127.0.0.1:${portBase + 1}`;
const listenerPort = portBase + 500;
const finalStates = ["completed", "failed", "cancelled", "partial", "rejected"];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Milestone {
  name?: string;
  status?: string;
  milestoneDate?: string;
}

/** Times at which the BMP committed each product order `completed`, from its events. */
const bmpCompletedAt = new Map<string, number>();

function startListener() {
  const server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk) => (text += chunk));
    request.on("end", () => {
      const body = JSON.parse(text) as { eventTime: string; event: { productOrder: { id: string; state: string } } };
      if (body.event.productOrder.state === "completed") bmpCompletedAt.set(body.event.productOrder.id, Date.parse(body.eventTime));
      response.writeHead(204).end();
    });
  });
  return new Promise<typeof server>((resolve) => server.listen(listenerPort, "127.0.0.1", () => resolve(server)));
}

async function getJson<T>(url: string, token: string): Promise<T> {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${url} returned ${response.status}`);
  return (await response.json()) as T;
}

/** Reads an order at its DO. The URL does not name the domain, so each DO token is tried in turn, and the wrong ones get 401. */
async function getDomainOrder(href: string, tokens: Record<string, string>): Promise<{ milestone?: Milestone[] }> {
  for (const [component, token] of Object.entries(tokens)) {
    if (!component.startsWith("do-")) continue;
    const response = await fetch(href, { headers: { Authorization: `Bearer ${token}` } });
    if (response.ok) return (await response.json()) as { milestone?: Milestone[] };
  }
  throw new Error(`no DO token reads ${href}`);
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
      DO_PORT_BASE: String(portBase + 101),
      PG_PORT: String(portBase + 99),
      CLUSTER_READY_DELAY_MS: "0",
      EVENT_FALLBACK_POLL_INTERVAL_MS: "60000",
      LOG_LEVEL: "warn",
      DATABASE_URL: "",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const stop = () => launcher.kill("SIGTERM");
  process.on("SIGINT", stop);
  const listener = await startListener();

  try {
    await new Promise<void>((resolve, reject) => {
      let output = "";
      launcher.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("COP-PILOT platform ready")) resolve();
      });
      launcher.once("exit", (code) => reject(new Error(`launcher exited with code ${code}`)));
    });

    const tokens = (JSON.parse(readFileSync(path.join(dataDir, "credentials.json"), "utf8")) as { apiTokens: Record<string, string> }).apiTokens;
    const bmpToken = tokens.bmp!;
    const headers = { Authorization: `Bearer ${bmpToken}`, "Content-Type": "application/json" };
    const hub = await fetch(`${bmp}/tmf-api/productOrderingManagement/v4/hub`, {
      method: "POST",
      headers,
      body: JSON.stringify({ callback: `http://127.0.0.1:${listenerPort}/bench`, query: "eventType=ProductOrderStateChangeEvent" }),
    });
    if (hub.status !== 201) throw new Error(`POST hub returned ${hub.status}: ${await hub.text()}`);
    // The BMP registers at the ESO's hub in the background; give it a moment after start-up.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const offerings = await getJson<{ id: string }[]>(`${bmp}/tmf-api/productCatalogManagement/v4/productOffering?lifecycleStatus=Launched&limit=200`, bmpToken);
    const latencies: number[] = [];
    for (let index = 0; index < orderCount; index++) {
      const offering = offerings[index % offerings.length]!;
      const response = await fetch(`${bmp}/tmf-api/productOrderingManagement/v4/productOrder`, {
        method: "POST",
        headers,
        body: JSON.stringify({ productOrderItem: [{ id: "1", action: "add", productOffering: { id: offering.id } }] }),
      });
      if (response.status !== 201) throw new Error(`POST productOrder returned ${response.status}: ${await response.text()}`);
      const placed = (await response.json()) as { id: string };

      const deadline = Date.now() + 50_000;
      let order = await getJson<{ state: string; serviceOrder?: { id: string } }>(`${bmp}/tmf-api/productOrderingManagement/v4/productOrder/${placed.id}`, bmpToken);
      while (!finalStates.includes(order.state) || !bmpCompletedAt.has(placed.id)) {
        if (Date.now() > deadline) throw new Error(`order ${placed.id} is still ${order.state} after 50 s, so an event was lost`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        order = await getJson(`${bmp}/tmf-api/productOrderingManagement/v4/productOrder/${placed.id}`, bmpToken);
      }
      if (order.state !== "completed") throw new Error(`order ${placed.id} ended ${order.state}`);

      const serviceOrder = await getJson<{ externalReference?: { externalReferenceType?: string; href?: string }[] }>(
        `${eso}/tmf-api/serviceOrdering/v4/serviceOrder/${order.serviceOrder!.id}`,
        tokens.eso!,
      );
      const domainOrder = serviceOrder.externalReference?.find((reference) => reference.externalReferenceType === "DomainServiceOrder");
      const doOrder = await getDomainOrder(domainOrder!.href!, tokens);
      const completed = doOrder.milestone?.find((milestone) => milestone.name === "orderStateChange" && milestone.status === "completed");
      latencies.push((bmpCompletedAt.get(placed.id)! - Date.parse(completed!.milestoneDate!)) / 1000);
    }

    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `DO order completed → BMP product order completed, ${orderCount} orders one after another, fallback poll 60 s: ` +
        `median ${percentile(sorted, 50).toFixed(3)} s, p90 ${percentile(sorted, 90).toFixed(3)} s, min ${sorted[0]!.toFixed(3)} s, max ${sorted.at(-1)!.toFixed(3)} s`,
    );
  } finally {
    listener.close();
    stop();
    await new Promise((resolve) => launcher.once("exit", resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`benchmark failed: ${error.message}`);
  process.exitCode = 1;
});
