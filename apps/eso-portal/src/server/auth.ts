import "server-only";
import { createAuthenticator, createPortalAuth, sessionOptions, type PortalAuth } from "@cop-pilot/auth";
import { createLogger } from "@cop-pilot/logger";
import { createApiRateLimits, createRouteFactory, type ApiRateLimits } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { db } from "./db";
import { metrics } from "./metrics";

const globalForAuth = globalThis as unknown as { esoAuth?: PortalAuth };

export function auth(): PortalAuth {
  globalForAuth.esoAuth ??= createPortalAuth({
    db: db(),
    secret: env().BETTER_AUTH_SECRET,
    baseURL: env().PUBLIC_URL,
    ...sessionOptions(env()),
    cookiePrefix: "cop-eso",
  });
  return globalForAuth.esoAuth;
}

export const authenticate = createAuthenticator(auth, () => [{ token: env().API_TOKEN, name: "client" }]);

// The buckets must outlive a second evaluation of this module by Next.js.
const globalForLimits = globalThis as unknown as { esoRateLimits?: ApiRateLimits };

/** Wraps every TMF and admin route handler of the ESO: authentication, rate limits, roles, TMF errors. */
export const route = createRouteFactory({
  authenticate,
  logger: createLogger("tmf-api"),
  baseUrl: () => env().PUBLIC_URL,
  onResponse: (observation) => metrics().recordRequest(observation),
  rateLimits: () => (globalForLimits.esoRateLimits ??= createApiRateLimits(env())),
});
