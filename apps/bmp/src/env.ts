import "server-only";
import { z } from "zod";
import { portalSessionEnv } from "@cop-pilot/auth";
import { apiRateLimitEnv } from "@cop-pilot/tmf-server";

const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), "must be an http or https URL");

/** Treats an empty setting as unset, as a launcher that passes an empty variable means. */
function emptyAsUnset(value: unknown): unknown {
  return value === "" ? undefined : value;
}

const flag = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");

// The only module that reads process.env. The launcher (scripts/src/start.ts)
// sets these for the BMP; a BMP deployed alone sets them itself.
const schema = z.object({
  // API_RATE_LIMIT_* and TRUSTED_PROXY_COUNT: rate limits of the route handlers.
  ...apiRateLimitEnv,
  // SESSION_*: lifetime and SameSite attribute of the portal session.
  ...portalSessionEnv,
  DATABASE_URL: z.string().url(),
  BETTER_AUTH_SECRET: z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters"),
  PUBLIC_URL: httpUrl.default("http://127.0.0.1:3000"),
  /** Bearer token that API clients of this BMP's TMF APIs present. */
  API_TOKEN: z.string().min(16, "API_TOKEN must be at least 16 characters"),
  /** Base URL of the ESO, without the /tmf-api path. */
  ESO_URL: httpUrl.default("http://127.0.0.1:3001"),
  /** Bearer token the BMP presents to the ESO. */
  ESO_API_TOKEN: z.string().min(16, "ESO_API_TOKEN must be at least 16 characters"),
  /** Timeout of one call to the ESO, in milliseconds. */
  ESO_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** How often the order processor looks for work, in milliseconds. */
  ORDER_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(500),
  /** Jobs of the PostgreSQL job queue that run at the same time at most. */
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Pause between two checks that every due order has a job, in milliseconds; orders made due without one wait at most this long. */
  ORDER_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  /** Business policy: orders a customer may have open (not final) at once; a further order is rejected. */
  MAX_ACTIVE_ORDERS_PER_CUSTOMER: z.coerce.number().int().min(1).default(20),
  /**
   * How often an order is read from the ESO while the ESO sends this BMP
   * TMF events, in milliseconds. Events wake the order sooner, so this poll
   * is only the fallback for a lost event.
   */
  EVENT_FALLBACK_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(30_000),
  /** How often the registration at the ESO's event hub is checked, in milliseconds. */
  EVENT_HUB_CHECK_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  /**
   * Whether the domains deploy ordered products on simulated clusters, in
   * which case every page shows a notice. The BMP cannot see the clusters behind the ESO, so
   * the launcher or operator sets this (false once every DO has a kubeconfig).
   */
  SIMULATED_CLUSTERS: flag.default(true),
  /**
   * OpenAI-compatible endpoint of the ordering assistant's language model,
   * e.g. http://127.0.0.1:11434/v1. Unset, the offline assistant answers.
   */
  ASSISTANT_BASE_URL: z.preprocess(emptyAsUnset, httpUrl.optional()),
  /** API key sent to ASSISTANT_BASE_URL as a bearer token, if the endpoint needs one. */
  ASSISTANT_API_KEY: z.preprocess(emptyAsUnset, z.string().optional()),
  /** Model name at ASSISTANT_BASE_URL; the assistant uses the model only when both are set. */
  ASSISTANT_MODEL: z.preprocess(emptyAsUnset, z.string().max(200).optional()),
  /** Maximum time of one model turn in milliseconds, tool calls included. After it the offline assistant replies instead. */
  ASSISTANT_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Messages one user may send to the assistant per minute. */
  ASSISTANT_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(20),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid BMP configuration: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
