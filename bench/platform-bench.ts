// Measures the two figures the platform promises on this machine:
//   1. the time from starting the launcher to "platform ready" (all portals
//      healthy, peering and product catalogue seeded), and
//   2. the time from POST productOrder at the BMP to the order's `completed`
//      state, with simulated deployments that are ready at once.
// It starts its own platform in a fresh data directory on ports of its own
// (4000, 4001, 4011–4015, PostgreSQL 5498), runs the orders one after the
// other, prints the figures and stops everything it started.
//
// Usage: node --import tsx bench/platform-bench.ts [--orders N]
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = path.join(root, ".data-bench");
const bmp = "http://127.0.0.1:4000";
const ordersArgument = process.argv.indexOf("--orders");
const orderCount = ordersArgument > 0 ? Number(process.argv[ordersArgument + 1]) : 10;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  rmSync(dataDir, { recursive: true, force: true });
  const started = performance.now();
  const launcher = spawn(process.execPath, ["--import", "tsx", "scripts/src/start.ts"], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      BMP_PORT: "4000",
      ESO_PORT: "4001",
      DO_PORT_BASE: "4011",
      PG_PORT: "5498",
      CLUSTER_READY_DELAY_MS: "0",
      DATABASE_URL: "",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const stop = () => launcher.kill("SIGTERM");
  process.on("SIGINT", stop);

  await new Promise<void>((resolve, reject) => {
    let output = "";
    launcher.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("COP-PILOT platform ready")) resolve();
    });
    launcher.once("exit", (code) => reject(new Error(`launcher exited with code ${code}`)));
  });
  const readySeconds = (performance.now() - started) / 1000;

  const credentials = JSON.parse(readFileSync(path.join(dataDir, "credentials.json"), "utf8")) as { apiTokens: Record<string, string> };
  const headers = { Authorization: `Bearer ${credentials.apiTokens.bmp}`, "Content-Type": "application/json" };
  const offerings = (await (await fetch(`${bmp}/tmf-api/productCatalogManagement/v4/productOffering?lifecycleStatus=Launched&limit=200`, { headers })).json()) as { id: string }[];

  const durations: number[] = [];
  for (let index = 0; index < orderCount; index++) {
    const offering = offerings[index % offerings.length]!;
    const placed = performance.now();
    const response = await fetch(`${bmp}/tmf-api/productOrderingManagement/v4/productOrder`, {
      method: "POST",
      headers,
      body: JSON.stringify({ productOrderItem: [{ id: "1", action: "add", productOffering: { id: offering.id } }] }),
    });
    if (response.status !== 201) throw new Error(`POST productOrder returned ${response.status}: ${await response.text()}`);
    const order = (await response.json()) as { id: string; state: string };
    let state = order.state;
    while (!["completed", "failed", "cancelled", "partial", "rejected"].includes(state)) {
      if (performance.now() - placed > 60_000) throw new Error(`order ${order.id} still ${state} after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const current = (await (await fetch(`${bmp}/tmf-api/productOrderingManagement/v4/productOrder/${order.id}`, { headers })).json()) as { state: string };
      state = current.state;
    }
    if (state !== "completed") throw new Error(`order ${order.id} ended ${state}`);
    durations.push((performance.now() - placed) / 1000);
  }

  const sorted = [...durations].sort((a, b) => a - b);
  console.log(`platform ready after ${readySeconds.toFixed(1)} s (launcher start to seeded platform; apps already built)`);
  console.log(
    `product order to completed, ${orderCount} orders one after another: median ${percentile(sorted, 50).toFixed(2)} s, ` +
      `p90 ${percentile(sorted, 90).toFixed(2)} s, min ${sorted[0]!.toFixed(2)} s, max ${sorted.at(-1)!.toFixed(2)} s`,
  );

  stop();
  await new Promise((resolve) => launcher.once("exit", resolve));
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: Error) => {
  console.error(`benchmark failed: ${error.message}`);
  process.exitCode = 1;
});
