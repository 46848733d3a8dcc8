import "server-only";
import { createAuthenticator, createPortalAuth, type PortalAuth } from "@cop-pilot/auth";
import { createLogger } from "@cop-pilot/logger";
import { createRouteFactory } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { db } from "./db";
import { metrics } from "./metrics";

const globalForAuth = globalThis as unknown as { esoAuth?: PortalAuth };

export function auth(): PortalAuth {
  globalForAuth.esoAuth ??= createPortalAuth({
    db: db(),
    secret: env().BETTER_AUTH_SECRET,
    baseURL: env().PUBLIC_URL,
    cookiePrefix: "cop-eso",
  });
  return globalForAuth.esoAuth;
}

export const authenticate = createAuthenticator(auth, () => [{ token: env().API_TOKEN, name: "client" }]);

/** Wraps every TMF and admin route handler of the ESO: authentication, roles, TMF errors. */
export const route = createRouteFactory({
  authenticate,
  logger: createLogger("tmf-api"),
  baseUrl: () => env().PUBLIC_URL,
  onResponse: (observation) => metrics().recordRequest(observation),
});
