import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { repositoryRoot } from "./config";

export interface AppProcess {
  name: string;
  url: string;
  logFile: string;
  child: ChildProcess;
}

export interface AppLaunch {
  /** Component name, e.g. `do-lulea`; names the log file. */
  name: string;
  /** Folder of the Next.js app under apps/. */
  app: "bmp" | "eso-portal" | "do-portal";
  host: string;
  port: number;
  env: Record<string, string>;
}

const nextBin = path.join(repositoryRoot, "node_modules/next/dist/bin/next");

export async function assertPortFree(host: string, port: number, name: string): Promise<void> {
  const inUse = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
  if (inUse) throw new Error(`Port ${port} for ${name} is already in use; stop the process that uses it or set another port (see README, Configuration)`);
}

/** Throws unless the app has a production build to start. */
export function assertBuilt(app: AppLaunch["app"]): void {
  if (!existsSync(path.join(repositoryRoot, "apps", app, ".next", "BUILD_ID"))) {
    throw new Error(`apps/${app} is not built; run "npm run build" first (npm start builds before it starts)`);
  }
}

/** Starts `next start` for one component; its output goes to DATA_DIR/logs/<name>.log. */
export function startApp(launch: AppLaunch, dataDir: string): AppProcess {
  const appDir = path.join(repositoryRoot, "apps", launch.app);
  const logDir = path.join(dataDir, "logs");
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${launch.name}.log`);
  const log = createWriteStream(logFile, { flags: "a" });

  const child = spawn(process.execPath, [nextBin, "start", "--port", String(launch.port), "--hostname", launch.host], {
    cwd: appDir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DO_NOT_TRACK: "1",
      COP_PILOT_MIGRATIONS_DIR: path.join(repositoryRoot, "packages/db/migrations"),
      // The app drains its job queue on SIGTERM and then exits; Next.js would exit without waiting for it.
      NEXT_MANUAL_SIG_HANDLE: "true",
      ...launch.env,
    },
    // A process group of its own, so that stopping it also stops whatever it spawned.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return { name: launch.name, url: `http://${launch.host}:${launch.port}`, logFile, child };
}

/** Waits until the component returns 200 on GET /readyz; fails when it exits or the timeout passes. */
export async function waitUntilHealthy(app: AppProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null) throw new Error(`${app.name} exited with code ${app.child.exitCode}; see ${app.logFile}`);
    try {
      const response = await fetch(`${app.url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${app.name} did not become healthy within ${timeoutMs / 1000} s; see ${app.logFile}`);
}

/** Stops every app: SIGTERM to each process group, then SIGKILL for any still running after the grace period. */
export async function stopApps(apps: AppProcess[], graceMs = 10_000): Promise<void> {
  // The whole process group counts: `next start` may exit before the server process it forked, which
  // then keeps running (and holding its port) while it drains its job queue.
  const running = apps.filter((app) => app.child.pid !== undefined && groupAlive(app));
  for (const app of running) signalGroup(app, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && running.some(groupAlive)) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const app of running) if (groupAlive(app)) signalGroup(app, "SIGKILL");
}

function groupAlive(app: AppProcess): boolean {
  try {
    process.kill(-app.child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(app: AppProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-app.child.pid!, signal);
  } catch {
    // Already gone.
  }
}
