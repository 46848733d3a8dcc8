import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { platform } from "./platform";

/** Stops the platform that global-setup.ts started, and waits for it to exit. */
export default async function globalTeardown(): Promise<void> {
  const pidFile = path.join(platform.runDir, "launcher.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8"));
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  process.kill(pid, "SIGKILL");
}
