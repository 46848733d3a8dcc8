import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { platform } from "./platform";

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const apps = ["bmp", "eso-portal", "do-portal"];

/**
 * Fails before the launcher starts when an app has no production build. The
 * launcher checks this too, but only app by app while it starts them, and the
 * apps it started before the failing one keep running after it exits.
 */
function assertAppsBuilt(): void {
  const missing = apps.filter((app) => !existsSync(path.join(repositoryRoot, "apps", app, ".next", "BUILD_ID")));
  if (missing.length > 0) {
    throw new Error(`No production build of apps/${missing.join(", apps/")}; run "npx turbo run build" at the repository root first`);
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * Waits up to 30 s for the platform's ports to be free. The demos start right after the end-to-end
 * platform on the same ports has stopped, and one of its servers can still be exiting.
 */
async function waitForFreePorts(): Promise<void> {
  const ports = [Number(new URL(platform.bmp).port), Number(new URL(platform.eso).port), ...[0, 1, 2, 3, 4].map((index) => platform.doPortBase + index)];
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const busy = (await Promise.all(ports.map(portFree))).filter((free) => !free).length;
    if (busy === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Starts a fresh platform (new database, own ports) and waits until it reports ready. */
export default async function globalSetup(): Promise<void> {
  assertAppsBuilt();
  await waitForFreePorts();
  rmSync(platform.runDir, { recursive: true, force: true });
  mkdirSync(platform.runDir, { recursive: true, mode: 0o755 });
  const log = createWriteStream(path.join(platform.runDir, "launcher.log"));

  // The platform under test always runs on its own embedded PostgreSQL, so a
  // DATABASE_URL of the caller's environment must not reach the launcher,
  // which rejects an empty one as an invalid URL.
  const { DATABASE_URL: _callerDatabase, ...callerEnv } = process.env;
  const launcher = spawn(process.execPath, ["--import", "tsx", "scripts/src/start.ts"], {
    cwd: repositoryRoot,
    env: {
      ...callerEnv,
      DATA_DIR: platform.dataDir,
      BMP_PORT: new URL(platform.bmp).port,
      ESO_PORT: new URL(platform.eso).port,
      DO_PORT_BASE: String(platform.doPortBase),
      PG_PORT: String(platform.postgresPort),
      CLUSTER_READY_DELAY_MS: "500",
      ORDER_POLL_INTERVAL_MS: "200",
      // Orders whose state travels by TMF events are polled only once a minute, so a fast order path proves the events work.
      EVENT_FALLBACK_POLL_INTERVAL_MS: "60000",
      FABRIC_POLL_INTERVAL_MS: "1000",
      TELEMETRY_INTERVAL_MS: "1000",
      // Lets domain-ops.spec.ts degrade a simulated deployment; the launcher leaves it off by default.
      CLUSTER_FAULT_INJECTION: "enabled",
      COP_PILOT_UNPEERED_DOMAINS: platform.unpeeredDomain,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  writeFileSync(path.join(platform.runDir, "launcher.pid"), String(launcher.pid));
  launcher.stderr.pipe(log);

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The platform did not start within 240 s; see ${platform.runDir}/launcher.log`)), 240_000);
    let output = "";
    launcher.stdout.on("data", (chunk: Buffer) => {
      log.write(chunk);
      output += chunk.toString();
      if (output.includes("COP-PILOT platform ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    launcher.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The platform launcher exited with code ${code}; see ${platform.runDir}/launcher.log and ${platform.dataDir}/logs/`));
    });
  });
}
