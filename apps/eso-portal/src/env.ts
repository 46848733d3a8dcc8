import "server-only";
import { z } from "zod";

// The only module that reads process.env. The launcher (scripts/src/start.ts)
// sets these; an ESO deployed alone sets them itself.
const schema = z.object({
  DATABASE_URL: z.string().url(),
  BETTER_AUTH_SECRET: z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters"),
  PUBLIC_URL: z.string().url().default("http://127.0.0.1:3001"),
  /** Bearer token that callers of this ESO's APIs (the BMP, the launcher) present. */
  API_TOKEN: z.string().min(16, "API_TOKEN must be at least 16 characters"),
  /** How often every peered DO is checked, in milliseconds. */
  AVAILABILITY_CHECK_INTERVAL_MS: z.coerce.number().int().min(1000).default(300_000),
  /** How often the order processor looks for work, in milliseconds. */
  ORDER_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(500),
  /**
   * How often an order is read from DOs that send the ESO TMF events, in
   * milliseconds. Their events wake the order sooner, so this poll is only
   * the fallback for a lost event.
   */
  EVENT_FALLBACK_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(30_000),
  /** Timeout of one call to a DO, in milliseconds. */
  PEER_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
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
