import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { LauncherConfig } from "./config";

const role = z.enum(["platformAdmin", "domainOwner", "serviceDesigner", "businessAdmin", "customer"]);

const credentialsSchema = z.object({
  accounts: z.array(z.object({ email: z.string(), password: z.string(), role, portal: z.string(), name: z.string().optional() })),
  apiTokens: z.record(z.string(), z.string()),
  /** The account of the ESO's simulated fabric controller, which a platform admin enters when binding the simulated fabric. */
  simulatedFabric: z.object({ username: z.string(), password: z.string() }).optional(),
});
export type Credentials = z.infer<typeof credentialsSchema>;

const secretsSchema = z.object({
  postgresPassword: z.string(),
  authSecrets: z.record(z.string(), z.string()),
  /** Key that seals credentials and kubeconfigs in the ESO's database: 32 bytes as hex. */
  secretKey: z.string().optional(),
});
export type Secrets = z.infer<typeof secretsSchema>;

function randomSecret(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

/** Components of the platform: `bmp`, `eso` and `do-<domain>` for each DO. */
export function componentNames(config: LauncherConfig): string[] {
  return ["bmp", "eso", ...config.domains.map((domain) => `do-${domain.id}`)];
}

function demoAccounts(config: LauncherConfig) {
  return [
    { email: "customer@cop-pilot.test", name: "Carla Customer", role: "customer" as const, portal: "bmp" },
    { email: "business@cop-pilot.test", name: "Bruno Business", role: "businessAdmin" as const, portal: "bmp" },
    { email: "admin@cop-pilot.test", name: "Petra Platform", role: "platformAdmin" as const, portal: "eso" },
    { email: "designer@cop-pilot.test", name: "Diego Designer", role: "serviceDesigner" as const, portal: "eso" },
    ...config.domains.map((domain) => ({
      email: `owner.${domain.id}@cop-pilot.test`,
      name: `Owner of ${domain.name}`,
      role: "domainOwner" as const,
      portal: `do-${domain.id}`,
    })),
  ];
}

function readJson<T>(file: string, schema: z.ZodType<T>): T | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} is not valid (${parsed.error.issues[0]?.message}); delete it to generate new credentials`);
  return parsed.data;
}

/**
 * Reads the accounts, API tokens and secrets generated earlier under
 * `dataDir`, for jobs that must use them as they are (a read-only mount).
 */
export function readCredentials(dataDir: string): { credentials: Credentials; secrets: Secrets } {
  const credentials = readJson(path.join(dataDir, "credentials.json"), credentialsSchema);
  const secrets = readJson(path.join(dataDir, "secrets.json"), secretsSchema);
  if (!credentials || !secrets) throw new Error(`No credentials under ${dataDir}; generate them with "npm run deploy:credentials"`);
  return { credentials, secrets };
}

/**
 * Loads the demo accounts, API tokens and secrets under DATA_DIR, generating
 * whatever is missing, e.g. for a DO that was added since the last start.
 */
export function loadOrCreateCredentials(config: LauncherConfig): { credentials: Credentials; secrets: Secrets } {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o755 });
  const credentialsFile = path.join(config.dataDir, "credentials.json");
  const secretsFile = path.join(config.dataDir, "secrets.json");

  const credentials: Credentials = readJson(credentialsFile, credentialsSchema) ?? { accounts: [], apiTokens: {} };
  const secrets: Secrets = readJson(secretsFile, secretsSchema) ?? { postgresPassword: randomSecret(18), authSecrets: {} };

  for (const account of demoAccounts(config)) {
    if (!credentials.accounts.some((existing) => existing.email === account.email)) {
      credentials.accounts.push({ ...account, password: randomSecret(12) });
    }
  }
  credentials.simulatedFabric ??= { username: "eso", password: randomSecret(18) };
  secrets.secretKey ??= randomBytes(32).toString("hex");
  for (const component of componentNames(config)) {
    credentials.apiTokens[component] ??= `cop_${component.replace(/-/g, "_")}_${randomSecret(24)}`;
    secrets.authSecrets[component] ??= randomSecret(32);
  }

  writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2) + "\n", { mode: 0o600 });
  writeFileSync(secretsFile, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  return { credentials, secrets };
}
