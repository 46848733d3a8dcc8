import "server-only";
import { createAuthenticator, createPortalAuth, sessionOptions, type PortalAuth } from "@cop-pilot/auth";
import { createLogger } from "@cop-pilot/logger";
import { createApiRateLimits, createRouteFactory, type ApiRateLimits } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { db } from "./db";
import { currentDomain } from "./domain";
import { metrics } from "./metrics";

const globalForAuth = globalThis as unknown as { doAuth?: PortalAuth };

export function auth(): PortalAuth {
  globalForAuth.doAuth ??= createPortalAuth({
    db: db(),
    secret: env().BETTER_AUTH_SECRET,
    baseURL: env().PUBLIC_URL,
    ...sessionOptions(env()),
    // Cookies do not separate ports, so each domain needs a prefix of its own.
    cookiePrefix: `cop-do-${currentDomain().id}`,
  });
  return globalForAuth.doAuth;
}

export const authenticate = createAuthenticator(auth, () => [{ token: env().API_TOKEN, name: "eso" }]);

// The buckets must outlive a second evaluation of this module by Next.js.
const globalForLimits = globalThis as unknown as { doRateLimits?: ApiRateLimits };

/** Wraps every TMF route handler of this DO: authentication, rate limits, roles, TMF errors. */
export const route = createRouteFactory({
  authenticate,
  logger: createLogger("tmf-api"),
  baseUrl: () => env().PUBLIC_URL,
  onResponse: (observation) => metrics().recordRequest(observation),
  rateLimits: () => (globalForLimits.doRateLimits ??= createApiRateLimits(env())),
});
