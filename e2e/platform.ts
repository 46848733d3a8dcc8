import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

// Two checkouts can run their end-to-end tests side by side when each sets its own base port.
const portBase = Number(process.env.E2E_PORT_BASE ?? 3300);
// The demos run in a folder of their own, so that they do not wipe the state of an end-to-end run.
const runDir = path.resolve(here, process.env.E2E_RUN_DIR ?? ".run");

/** Where and how the platform under test runs; global-setup.ts starts it with these settings. */
export const platform = {
  runDir,
  dataDir: path.join(runDir, ".data"),
  bmp: `http://127.0.0.1:${portBase}`,
  eso: `http://127.0.0.1:${portBase + 1}`,
  doPortBase: portBase + 11,
  postgresPort: portBase + 199,
  /** Started but not peered, so that the peering test can add it through the ESO portal. */
  unpeeredDomain: "portugal-spain",
  doUrl(index: number): string {
    return `http://127.0.0.1:${this.doPortBase + index}`;
  },
};

export interface PlatformCredentials {
  accounts: { email: string; password: string; role: string; portal: string }[];
  apiTokens: Record<string, string>;
  /** The account of the ESO's simulated fabric controller. */
  simulatedFabric?: { username: string; password: string };
}

export function credentials(): PlatformCredentials {
  return JSON.parse(readFileSync(path.join(platform.dataDir, "credentials.json"), "utf8")) as PlatformCredentials;
}

export function account(role: string, portal: string): { email: string; password: string } {
  const found = credentials().accounts.find((candidate) => candidate.role === role && candidate.portal === portal);
  if (!found) throw new Error(`No seeded ${role} account for ${portal}`);
  return found;
}
