import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { platform } from "../platform";

// Runs the external acceptance check of the order path, a Python script kept
// outside this repository, and skips it where the script is absent. The
// script reads .data/credentials.json relative to its working directory, so
// it runs in the run folder of the platform under test.

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const checkScript = path.resolve(repositoryRoot, "../shared/checks/order-path.py");
const scriptTimeoutMs = 180_000;

test("external order-path acceptance check passes", async () => {
  test.skip(!existsSync(checkScript), `the acceptance check ${checkScript} is not present beside this repository`);
  test.setTimeout(scriptTimeoutMs + 20_000);

  let output: string;
  try {
    output = execFileSync("python3", [checkScript, "--bmp", platform.bmp, "--eso", platform.eso], {
      cwd: platform.runDir,
      encoding: "utf8",
      timeout: scriptTimeoutMs,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    const failed = error as { status?: number | null; signal?: string | null; stdout?: string; stderr?: string };
    const reason = failed.signal ? `was stopped by ${failed.signal}` : `exited with code ${failed.status}`;
    throw new Error(`${path.basename(checkScript)} ${reason}\nstdout: ${failed.stdout ?? ""}\nstderr: ${failed.stderr ?? ""}`);
  }
  expect(output, "the acceptance check should report OK").toContain("OK:");
});
