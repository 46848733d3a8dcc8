import "server-only";
import { z } from "zod";
import { portalSessionEnv } from "@cop-pilot/auth";
import { apiRateLimitEnv } from "@cop-pilot/tmf-server";

// The only module that reads process.env. The launcher (scripts/src/start.ts)
// sets these; an ESO deployed alone sets them itself.
// An empty variable counts as unset.
const emptyAsUnset = (value: unknown) => (value === "" ? undefined : value);

const schema = z.object({
  // API_RATE_LIMIT_* and TRUSTED_PROXY_COUNT: rate limits of the route handlers.
  ...apiRateLimitEnv,
  // SESSION_*: lifetime and SameSite attribute of the portal session.
  ...portalSessionEnv,
  DATABASE_URL: z.string().url(),
  BETTER_AUTH_SECRET: z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters"),
  PUBLIC_URL: z.string().url().default("http://127.0.0.1:3001"),
  /** Bearer token that callers of this ESO's APIs (the BMP, the launcher) present. */
  API_TOKEN: z.string().min(16, "API_TOKEN must be at least 16 characters"),
  /** How often every peered DO is checked, in milliseconds. */
  AVAILABILITY_CHECK_INTERVAL_MS: z.coerce.number().int().min(1000).default(300_000),
  /** How often the order processor looks for work, in milliseconds. */
  ORDER_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(500),
  /** Jobs of the PostgreSQL job queue that run at the same time at most. */
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Pause between two checks that every due order has a job, in milliseconds; orders made due without one wait at most this long. */
  ORDER_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  /**
   * How often an order is read from DOs that send the ESO TMF events, in
   * milliseconds. Their events wake the order sooner, so this poll is only
   * the fallback for a lost event.
   */
  EVENT_FALLBACK_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(30_000),
  /** How long a DO's reported capacity is reused before the DO is asked again, in milliseconds. */
  DOMAIN_CAPACITY_CACHE_MS: z.coerce.number().int().min(0).default(15_000),
  /** Timeout of one call to a DO, in milliseconds. */
  PEER_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /**
   * Key that seals fabric credentials, kubeconfigs and the credentials of
   * ordered DOs at rest: 32 bytes as 64 hex digits or base64. Without it the
   * expansion features reject every write that needs a secret.
   */
  COP_PILOT_SECRET_KEY: z.preprocess(emptyAsUnset, z.string().optional()),
  /** How often the fabric controllers are polled for the state of domain identities, in milliseconds. */
  FABRIC_POLL_INTERVAL_MS: z.coerce.number().int().min(200).default(5_000),
  /** The simulated fabric controller's account, which a platform admin enters when binding it. */
  SIMULATED_FABRIC_USERNAME: z.string().min(1).default("eso"),
  SIMULATED_FABRIC_PASSWORD: z.preprocess(emptyAsUnset, z.string().optional()),
  /** A simulated fabric client is offline once no heartbeat arrived for this long, in milliseconds. */
  SIMULATED_FABRIC_HEARTBEAT_TIMEOUT_MS: z.coerce.number().int().min(500).default(15_000),
  /** Simulated clusters that domain owners register: time from deploy to an available deployment, in milliseconds. */
  CLUSTER_READY_DELAY_MS: z.coerce.number().int().min(0).default(3000),
  /**
   * Folder of the built do-portal app. When set, a DO ordered into a simulated
   * cluster is started as a local process from it; when unset, such orders fail.
   */
  LOCAL_DO_APP_DIR: z.preprocess(emptyAsUnset, z.string().optional()),
  /** PostgreSQL server URL on which the local DOs get their databases. */
  LOCAL_DO_DATABASE_URL: z.preprocess(emptyAsUnset, z.string().optional()),
  /** Ports for local DOs, as "first-last". */
  LOCAL_DO_PORTS: z
    .string()
    .regex(/^\d{1,5}-\d{1,5}$/, 'must be "first-last", such as 3201-3220')
    .default("3201-3220")
    .transform((text) => {
      const [first, last] = text.split("-").map(Number) as [number, number];
      return { first, last };
    }),
  LOCAL_DO_LOG_DIR: z.preprocess(emptyAsUnset, z.string().optional()),
  /**
   * A TypeScript or JavaScript file that the local runtime runs (with tsx) in
   * place of `next start`, with the same arguments and environment; for tests.
   */
  LOCAL_DO_START_SCRIPT: z.preprocess(emptyAsUnset, z.string().optional()),
  /** Time a local DO may take from start to a healthy /healthz, in milliseconds. */
  LOCAL_DO_START_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid ESO configuration: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
