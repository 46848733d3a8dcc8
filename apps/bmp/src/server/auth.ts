import "server-only";
import { createAuthenticator, createPortalAuth, sessionOptions, type PortalAuth } from "@cop-pilot/auth";
import { createLogger } from "@cop-pilot/logger";
import { createApiRateLimits, createRouteFactory, type ApiRateLimits } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { db } from "./db";
import { metrics } from "./metrics";

const globalForAuth = globalThis as unknown as { bmpAuth?: PortalAuth };

export function auth(): PortalAuth {
  globalForAuth.bmpAuth ??= createPortalAuth({
    db: db(),
    secret: env().BETTER_AUTH_SECRET,
    baseURL: env().PUBLIC_URL,
    ...sessionOptions(env()),
    cookiePrefix: "cop-bmp",
  });
  return globalForAuth.bmpAuth;
}

export const authenticate = createAuthenticator(auth, () => [{ token: env().API_TOKEN, name: "client" }]);

// The buckets must outlive a second evaluation of this module by Next.js.
const globalForLimits = globalThis as unknown as { bmpRateLimits?: ApiRateLimits };

/** Wraps every TMF route handler of the BMP: authentication, rate limits, roles, TMF errors. */
export const route = createRouteFactory({
  authenticate,
  logger: createLogger("tmf-api"),
  baseUrl: () => env().PUBLIC_URL,
  onResponse: (observation) => metrics().recordRequest(observation),
  rateLimits: () => (globalForLimits.bmpRateLimits ??= createApiRateLimits(env())),
});
