import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Starts a fresh platform for the conformance run through the launcher
// (scripts/src/start.ts): one DO, the ESO and the BMP, each on its own port,
// with a fresh embedded PostgreSQL under conformance/.run.

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const runDirectory = path.join(repositoryRoot, "conformance", ".run");
const dataDirectory = path.join(runDirectory, ".data");

/** The one DO the conformance platform starts; the TMF632, TMF638 and TMF639 kits run against it. */
export const domainId = "lulea";

export interface ConformancePlatform {
  bmp: string;
  eso: string;
  do: string;
  tokens: Record<string, string>;
  launcherLog: string;
  stop(): Promise<void>;
}

export interface PlatformPorts {
  bmp: number;
  eso: number;
  doPortBase: number;
  postgres: number;
}

/** Ports from a base: BMP at base, ESO at base + 1, the DO at base + 11 and PostgreSQL at base + 99. */
export function portsFrom(base: number): PlatformPorts {
  return { bmp: base, eso: base + 1, doPortBase: base + 11, postgres: base + 99 };
}

async function stopLauncher(launcher: ChildProcess): Promise<void> {
  if (launcher.exitCode !== null || launcher.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => launcher.once("exit", () => resolve()));
  launcher.kill("SIGTERM");
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 30_000));
  if ((await Promise.race([exited, timeout])) === "timeout") launcher.kill("SIGKILL");
}

/** Starts the launcher and resolves once it reports the platform ready, with the URLs and API tokens. */
export async function startPlatform(ports: PlatformPorts, log: (message: string) => void): Promise<ConformancePlatform> {
  rmSync(runDirectory, { recursive: true, force: true });
  mkdirSync(runDirectory, { recursive: true, mode: 0o755 });
  const launcherLog = path.join(runDirectory, "launcher.log");
  const output = createWriteStream(launcherLog);

  // The platform always gets its own embedded PostgreSQL, whatever DATABASE_URL the caller has.
  const { DATABASE_URL: _callerDatabase, ...callerEnv } = process.env;
  const launcher = spawn(process.execPath, ["--import", "tsx", "scripts/src/start.ts"], {
    cwd: repositoryRoot,
    env: {
      ...callerEnv,
      DATA_DIR: dataDirectory,
      HOST: "127.0.0.1",
      BMP_PORT: String(ports.bmp),
      ESO_PORT: String(ports.eso),
      DO_PORT_BASE: String(ports.doPortBase),
      PG_PORT: String(ports.postgres),
      COP_PILOT_DOMAINS: domainId,
      COP_PILOT_UNPEERED_DOMAINS: "",
      CLUSTER_READY_DELAY_MS: "500",
      ORDER_POLL_INTERVAL_MS: "200",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  launcher.stdout.pipe(output);
  launcher.stderr.pipe(output);
  log(`launcher started (pid ${launcher.pid}), output in ${path.relative(repositoryRoot, launcherLog)}`);

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the platform did not start within 240 s; see ${launcherLog}`)), 240_000);
      let seen = "";
      launcher.stdout.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes("COP-PILOT platform ready")) {
          clearTimeout(timer);
          resolve();
        }
      });
      launcher.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the launcher exited with code ${code}; see ${launcherLog} and ${dataDirectory}/logs/`));
      });
    });
  } catch (error) {
    await stopLauncher(launcher);
    throw error;
  }

  const credentials = JSON.parse(readFileSync(path.join(dataDirectory, "credentials.json"), "utf8")) as { apiTokens: Record<string, string> };
  return {
    bmp: `http://127.0.0.1:${ports.bmp}`,
    eso: `http://127.0.0.1:${ports.eso}`,
    do: `http://127.0.0.1:${ports.doPortBase}`,
    tokens: { bmp: credentials.apiTokens.bmp!, eso: credentials.apiTokens.eso!, do: credentials.apiTokens[`do-${domainId}`]! },
    launcherLog,
    stop: () => stopLauncher(launcher),
  };
}
