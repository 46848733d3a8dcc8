import "server-only";
import { z } from "zod";
import { portalSessionEnv } from "@cop-pilot/auth";
import { apiRateLimitEnv } from "@cop-pilot/tmf-server";
import { domainIdSchema } from "@cop-pilot/service-library";

// The only module that reads process.env. The launcher (scripts/src/start.ts)
// sets these for each DO it starts; a DO deployed alone sets them itself.
const schema = z.object({
  // API_RATE_LIMIT_* and TRUSTED_PROXY_COUNT: rate limits of the route handlers.
  ...apiRateLimitEnv,
  // SESSION_*: lifetime and SameSite attribute of the portal session.
  ...portalSessionEnv,
  DATABASE_URL: z.string().url(),
  BETTER_AUTH_SECRET: z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters"),
  PUBLIC_URL: z.string().url().default("http://127.0.0.1:3101"),
  /** Bearer token that callers of this DO's TMF APIs (the ESO) present. */
  API_TOKEN: z.string().min(16, "API_TOKEN must be at least 16 characters"),
  /** Slug of the domain this DO serves, e.g. `lulea`; it selects the seeded service library. */
  DOMAIN_ID: domainIdSchema.default("lulea"),
  /**
   * A domain that is not in the service library, as JSON: `id` (a slug),
   * `name`, `location` ({ city, latitude, longitude }) and optionally
   * `computeCluster`. DOMAIN_ID then only selects the service library entry
   * whose catalogue the DO publishes at its first start. The ESO sets it for
   * the DOs ordered as a service.
   */
  DOMAIN_PROFILE: z.preprocess(
    (text) => {
      if (typeof text !== "string" || text.trim() === "") return undefined;
      try {
        return JSON.parse(text);
      } catch {
        // Left as text, so that the schema reports that DOMAIN_PROFILE is not a JSON object.
        return text;
      }
    },
    z
      .object({
        id: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be a lowercase slug"),
        name: z.string().trim().min(1).max(200),
        location: z.object({ city: z.string().trim().min(1).max(200), latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }),
        computeCluster: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/).optional(),
      })
      .optional(),
  ),
  /** Path of a kubeconfig file; when unset or empty, the simulated cluster is used. */
  KUBECONFIG_PATH: z
    .string()
    .trim()
    .optional()
    .transform((path) => (path ? path : undefined)),
  /** Kubeconfig context to use; the kubeconfig's current-context when unset. */
  KUBE_CONTEXT: z
    .string()
    .trim()
    .optional()
    .transform((context) => (context ? context : undefined)),
  /** Simulated cluster: time from deploy to an available deployment, in milliseconds. */
  CLUSTER_READY_DELAY_MS: z.coerce.number().int().min(0).default(3000),
  /** Simulated cluster: comma-separated artifact names whose deployments fail. */
  CLUSTER_FAIL_ARTIFACTS: z
    .string()
    .default("")
    .transform((text) => text.split(",").map((name) => name.trim()).filter((name) => name !== "")),
  /** How often the telemetry collector samples the cluster's nodes and deployments, in milliseconds. */
  TELEMETRY_INTERVAL_MS: z.coerce.number().int().min(100).default(15_000),
  /** How long telemetry samples are kept, in hours; SLA breaches are kept beyond it. */
  TELEMETRY_RETENTION_HOURS: z.coerce.number().int().min(1).max(8760).default(48),
  /**
   * Simulated cluster only: "enabled" serves POST /api/cluster/faults, through which a domain owner or
   * API client marks a deployment unhealthy or slow. For tests and demonstrations; off unless set.
   */
  CLUSTER_FAULT_INJECTION: z.enum(["enabled", "disabled"]).default("disabled"),
  /** How often the order processor looks for work, in milliseconds. */
  ORDER_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(250),
  /** Jobs of the PostgreSQL job queue that run at the same time at most. */
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Pause between two checks that every due order has a job, in milliseconds; orders made due without one wait at most this long. */
  ORDER_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  /** Time between two supervision ticks, which evaluate the supervision rules of running services, in milliseconds. */
  SUPERVISION_INTERVAL_MS: z.coerce.number().int().min(1000).default(15_000),
  /** Whether this DO runs the domain's Data Management (NGSI-LD endpoint, datasets, connectors). */
  DATA_MANAGEMENT: z.enum(["enabled", "disabled"]).default("disabled"),
  /** How often the Data Management looks for pull connectors that are due, in milliseconds. */
  DATA_PULL_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  /** Whether the domain offers its compute services; "disabled" runs the Data Management alone, for a domain with data but no compute. */
  DOMAIN_COMPUTE: z.enum(["enabled", "disabled"]).default("enabled"),
})
  .refine((config) => config.DOMAIN_COMPUTE === "enabled" || config.DATA_MANAGEMENT === "enabled", {
    path: ["DOMAIN_COMPUTE"],
    message: "a domain without compute must run the Data Management; set DATA_MANAGEMENT=enabled",
  });

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid DO configuration: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
