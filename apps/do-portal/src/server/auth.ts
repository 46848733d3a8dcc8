import "server-only";
import { createAuthenticator, createPortalAuth, type PortalAuth } from "@cop-pilot/auth";
import { createLogger } from "@cop-pilot/logger";
import { createRouteFactory } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { db } from "./db";
import { metrics } from "./metrics";

const globalForAuth = globalThis as unknown as { doAuth?: PortalAuth };

export function auth(): PortalAuth {
  globalForAuth.doAuth ??= createPortalAuth({
    db: db(),
    secret: env().BETTER_AUTH_SECRET,
    baseURL: env().PUBLIC_URL,
    cookiePrefix: `cop-do-${env().DOMAIN_ID}`,
  });
  return globalForAuth.doAuth;
}

export const authenticate = createAuthenticator(auth, () => [{ token: env().API_TOKEN, name: "eso" }]);

/** Wraps every TMF route handler of this DO: authentication, roles, TMF errors. */
export const route = createRouteFactory({
  authenticate,
  logger: createLogger("tmf-api"),
  baseUrl: () => env().PUBLIC_URL,
  onResponse: (observation) => metrics().recordRequest(observation),
});
