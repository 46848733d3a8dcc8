import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { domains } from "@cop-pilot/service-library";

/** Root of the repository: the launcher starts the apps from their folders there. */
export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const port = z.coerce.number().int().min(1).max(65535);

// The launcher's own settings; each app validates what it is given again.
const schema = z.object({
  DATA_DIR: z.string().default(".data"),
  /** A PostgreSQL server URL; when unset, an embedded server is started under DATA_DIR. */
  DATABASE_URL: z.preprocess((value) => (value === "" ? undefined : value), z.string().url().optional()),
  PG_PORT: port.default(5433),
  BMP_PORT: port.default(3000),
  ESO_PORT: port.default(3001),
  /** Port of the first DO; the others follow in the order of the service library's domains. */
  DO_PORT_BASE: port.default(3101),
  HOST: z.string().default("127.0.0.1"),
  /** Simulated clusters: time from deploy to an available deployment, in milliseconds. */
  CLUSTER_READY_DELAY_MS: z.coerce.number().int().min(0).default(3000),
  CLUSTER_FAIL_ARTIFACTS: z.string().default(""),
  /** ESO: interval of the peer availability check, in milliseconds. */
  AVAILABILITY_CHECK_INTERVAL_MS: z.coerce.number().int().min(1000).default(300_000),
  ORDER_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(250),
  /** DO: time between two supervision ticks, which evaluate the supervision rules of running services, in milliseconds. */
  SUPERVISION_INTERVAL_MS: z.coerce.number().int().min(1000).default(15_000),
  /** ESO and BMP: how often an order is polled when the component below sends TMF events for it, in milliseconds. */
  EVENT_FALLBACK_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(30_000),
  /** Comma-separated domain ids whose DO starts but is not peered with the ESO, e.g. for a peering demo. */
  COP_PILOT_UNPEERED_DOMAINS: z.string().default(""),
  /** Comma-separated domain ids whose DO runs the Data Management; "none" for no domain. */
  COP_PILOT_DATA_DOMAINS: z.string().default("preveza,portugal-spain,valencia"),
  /** Comma-separated domain ids that run the Data Management alone, offering data but no compute. */
  COP_PILOT_DATA_ONLY_DOMAINS: z.string().default(""),
  /** Comma-separated domain ids to start; all five when unset. */
  COP_PILOT_DOMAINS: z.string().optional(),
  LOG_LEVEL: z.string().default("info"),
  /** ESO: how often the fabric controllers are polled for the state of domain identities, in milliseconds. */
  FABRIC_POLL_INTERVAL_MS: z.coerce.number().int().min(200).default(5_000),
  /** ESO: ports of the DOs ordered into simulated clusters, as "first-last"; 20 ports from DO_PORT_BASE + 100 when unset. */
  LOCAL_DO_PORTS: z
    .string()
    .regex(/^\d{1,5}-\d{1,5}$/, 'must be "first-last", such as 3201-3220')
    .optional(),
});

export type LauncherConfig = z.infer<typeof schema> & {
  dataDir: string;
  localDoPorts: string;
  domains: { id: string; name: string; port: number; peered: boolean; dataManagement: boolean; compute: boolean }[];
};

export function readConfig(environment: NodeJS.ProcessEnv = process.env): LauncherConfig {
  const parsed = schema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const config = parsed.data;
  const selected = config.COP_PILOT_DOMAINS?.split(",").map((id) => id.trim()).filter(Boolean);
  const unpeered = new Set(config.COP_PILOT_UNPEERED_DOMAINS.split(",").map((id) => id.trim()).filter(Boolean));
  const withData = new Set(config.COP_PILOT_DATA_DOMAINS === "none" ? [] : config.COP_PILOT_DATA_DOMAINS.split(",").map((id) => id.trim()).filter(Boolean));
  const dataOnly = new Set(config.COP_PILOT_DATA_ONLY_DOMAINS.split(",").map((id) => id.trim()).filter(Boolean));
  const known = new Set<string>(domains.map((domain) => domain.id));
  for (const id of [...(selected ?? []), ...unpeered, ...withData, ...dataOnly]) {
    if (!known.has(id)) throw new Error(`Unknown domain "${id}"; known domains: ${[...known].join(", ")}`);
  }
  return {
    ...config,
    dataDir: path.resolve(repositoryRoot, config.DATA_DIR),
    localDoPorts: config.LOCAL_DO_PORTS ?? `${config.DO_PORT_BASE + 100}-${config.DO_PORT_BASE + 119}`,
    domains: domains
      .map((domain, index) => ({
        id: domain.id,
        name: domain.name,
        port: config.DO_PORT_BASE + index,
        peered: !unpeered.has(domain.id),
        dataManagement: withData.has(domain.id) || dataOnly.has(domain.id),
        compute: !dataOnly.has(domain.id),
      }))
      .filter((domain) => !selected || selected.includes(domain.id)),
  };
}
