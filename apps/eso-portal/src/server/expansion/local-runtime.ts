import "server-only";
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { upsertAccount } from "@cop-pilot/auth";
import { createDatabase, ensureDatabase, withDatabase } from "@cop-pilot/db";
import * as authSchema from "@cop-pilot/db/schema/auth";
import { createLogger } from "@cop-pilot/logger";
import { env } from "@/env";

const log = createLogger("expansion.local-runtime");

// The stand-in for the DO's container in a simulated cluster: the built
// do-portal app started as a child process of the ESO, on a free local port,
// with a database of its own. Children share the ESO's process group, so the
// launcher stops them with the ESO, and the ESO stops them when it exits.

export interface LocalDomainOrchestrator {
  domainId: string;
  domainName: string;
  /** Service library domain whose catalogue the DO publishes at its first start. */
  starterCatalog: string;
  latitude: number;
  longitude: number;
  locationName: string;
  /** Name of the registered cluster, which the DO's simulated cluster takes so that it reports the same nodes. */
  clusterName: string;
  apiToken: string;
  authSecret: string;
  /** Port to listen on; a free one from LOCAL_DO_PORTS when absent. */
  port?: number;
}

const globalForRuntime = globalThis as unknown as { localDomainOrchestrators?: Map<string, ChildProcess>; localRuntimeExitHook?: boolean };
const children = (globalForRuntime.localDomainOrchestrators ??= new Map());

if (!globalForRuntime.localRuntimeExitHook) {
  globalForRuntime.localRuntimeExitHook = true;
  process.on("exit", () => {
    for (const child of children.values()) child.kill("SIGTERM");
  });
}

/** True when the local runtime is configured, so that orders into simulated clusters can complete. */
export function localRuntimeAvailable(): boolean {
  return env().LOCAL_DO_APP_DIR !== undefined && env().LOCAL_DO_DATABASE_URL !== undefined;
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Returns the first port of LOCAL_DO_PORTS that no process listens on and `reserved` does not contain. */
export async function findFreePort(reserved: ReadonlySet<number>): Promise<number> {
  const { first, last } = env().LOCAL_DO_PORTS;
  for (let port = first; port <= last; port += 1) {
    if (!reserved.has(port) && !(await portInUse(port))) return port;
  }
  throw new Error(`No free port in LOCAL_DO_PORTS (${first}-${last}) for another local DO; widen the range`);
}

/** True when a process that this ESO started for the domain is running. */
export function isLocalDomainOrchestratorRunning(domainId: string): boolean {
  const child = children.get(domainId);
  return child !== undefined && child.exitCode === null && child.signalCode === null;
}

/** Log file of the local DO of a domain. */
export function localLogFile(domainId: string): string {
  return path.join(env().LOCAL_DO_LOG_DIR ?? path.join(env().LOCAL_DO_APP_DIR ?? ".", ".local-do-logs"), `do-${domainId}.log`);
}

/** Starts the DO of a domain unless it runs already; returns its base URL. */
export async function startLocalDomainOrchestrator(launch: LocalDomainOrchestrator & { port: number }): Promise<string> {
  const appDir = env().LOCAL_DO_APP_DIR;
  const serverUrl = env().LOCAL_DO_DATABASE_URL;
  if (appDir === undefined || serverUrl === undefined) {
    throw new Error("The ESO cannot run a DO in a simulated cluster: LOCAL_DO_APP_DIR and LOCAL_DO_DATABASE_URL are not set (the launcher sets them)");
  }
  const url = `http://127.0.0.1:${launch.port}`;
  if (isLocalDomainOrchestratorRunning(launch.domainId)) return url;

  const databaseUrl = await ensureDatabase(serverUrl, databaseName(launch.domainId));
  const script = env().LOCAL_DO_START_SCRIPT;
  const entry = script ? ["--import", "tsx", script] : [createRequire(path.join(appDir, "package.json")).resolve("next/dist/bin/next")];
  const logFile = localLogFile(launch.domainId);
  mkdirSync(path.dirname(logFile), { recursive: true });
  const output = createWriteStream(logFile, { flags: "a" });

  const child = spawn(process.execPath, [...entry, "start", "--port", String(launch.port), "--hostname", "127.0.0.1"], {
    // tsx resolves from the working directory, so a start script runs from its own folder.
    cwd: script ? path.dirname(script) : appDir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      BETTER_AUTH_SECRET: launch.authSecret,
      API_TOKEN: launch.apiToken,
      PUBLIC_URL: url,
      DOMAIN_ID: launch.starterCatalog,
      DOMAIN_PROFILE: JSON.stringify({
        id: launch.domainId,
        name: launch.domainName,
        location: { city: launch.locationName, latitude: launch.latitude, longitude: launch.longitude },
        computeCluster: launch.clusterName,
      }),
      COP_PILOT_COMPONENT: `do-${launch.domainId}`,
      // The ESO's own settings must not leak into the DO.
      COP_PILOT_SECRET_KEY: "",
      SIMULATED_FABRIC_PASSWORD: "",
      KUBECONFIG_PATH: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(output);
  child.stderr?.pipe(output);
  child.once("exit", (code, signal) => {
    children.delete(launch.domainId);
    log.warn({ domainId: launch.domainId, code, signal, logFile }, "local DO exited");
  });
  children.set(launch.domainId, child);
  log.info({ domainId: launch.domainId, pid: child.pid, url, logFile }, "local DO started");
  return url;
}

function databaseName(domainId: string): string {
  return `do_${domainId.replace(/-/g, "_")}`;
}

/**
 * Gives the domain owner an account in the portal of their local DO. Call it
 * once the DO is healthy, because the DO creates its tables at start.
 */
export async function seedLocalOwnerAccount(domainId: string, owner: { email: string; name: string; password: string }): Promise<void> {
  const serverUrl = env().LOCAL_DO_DATABASE_URL;
  if (serverUrl === undefined) throw new Error("LOCAL_DO_DATABASE_URL is not set");
  const database = createDatabase(withDatabase(serverUrl, databaseName(domainId)), authSchema, { maxConnections: 1 });
  try {
    await upsertAccount(database, { ...owner, role: "domainOwner" });
  } finally {
    await database.$client.end();
  }
}

/** True when the DO at `endpoint` returns 200 on /healthz. */
export async function isHealthy(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/healthz`, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** Stops the local DO of a domain, if this ESO runs one. */
export function stopLocalDomainOrchestrator(domainId: string): void {
  const child = children.get(domainId);
  if (child && child.exitCode === null) child.kill("SIGTERM");
}
